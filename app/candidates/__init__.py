"""A brand's shortlist side by side: every KOL watched for it, with risk and fit."""
