"""Request budgets: per API key on /v1 (tighter for the expensive reads), and sign-in
failures per name and per client address on /ui/login."""
