from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Account, Name, NameList, Strict, TiebaBars


class KolCreate(Strict):
    """A KOL: posts naming them, or written by one of their accounts, are linked to them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "测评老王",
                    "aliases": ["老王"],
                    "accounts": [{"platform": "weibo", "uid": "1000001", "handle": "测评老王"}],
                }
            ]
        }
    )

    name: Name = Field(description="The KOL's name as posts write it (2+ characters).")
    aliases: NameList = Field(
        default_factory=list,
        description="Nicknames; an alias that is an ordinary word needs the creator's world "
        "around it to count.",
    )
    accounts: list[Account] = Field(
        default_factory=list,
        max_length=50,
        description="Their own accounts: posts from these are the KOL's own (stance).",
    )
    tieba_bars: TiebaBars = Field(
        default_factory=list, description="Tieba bars where the KOL's fans gather."
    )


class KolUpdate(Strict):
    name: Name | None = None
    aliases: NameList | None = None
    accounts: list[Account] | None = Field(default=None, max_length=50)
    tieba_bars: TiebaBars | None = None


class KolOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    aliases: list[str]
    accounts: list[Account]
    tieba_bars: list[str]
    created_at: datetime
    updated_at: datetime
