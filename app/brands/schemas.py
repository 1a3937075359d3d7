from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Account, Name, NameList, Strict, TiebaBars


class Executive(Strict):
    name: Name = Field(description="As posts name them.", examples=["顾承岳"])
    accounts: list[Account] = Field(
        default_factory=list,
        max_length=50,
        description="Their accounts: comments under their posts are the fandom's venue.",
    )


# The tone a brand wants from a KOL (app.fit): how often contempt, sarcasm or attack may show.
Tone = Literal["gentle", "neutral", "sharp"]


class BrandCreate(Strict):
    """A brand and everything that names its side: posts naming any of these are linked."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "星河手机",
                    "aliases": ["星河"],
                    "fandom_names": ["河粉"],
                    "competitors": ["青橙"],
                    "executives": [
                        {"name": "林远", "accounts": [{"platform": "weibo", "uid": "2001"}]}
                    ],
                    "owned_accounts": [{"platform": "weibo", "uid": "1001", "handle": "星河手机"}],
                }
            ]
        }
    )

    name: Name = Field(description="The brand's name as fans write it (2+ characters).")
    aliases: NameList = Field(default_factory=list, description="Other names and spellings.")
    fandom_names: NameList = Field(
        default_factory=list,
        description="What its fans call themselves: contempt for them weighs most in stance.",
    )
    executives: list[Executive] = Field(default_factory=list, max_length=100)
    competitors: NameList = Field(
        default_factory=list,
        description="Rivals: a KOL's post that also names one reads as a comparison.",
    )
    owned_accounts: list[Account] = Field(
        default_factory=list,
        max_length=100,
        description="The brand's official accounts: their comment sections are venues.",
    )
    tieba_bars: TiebaBars = Field(
        default_factory=list,
        description="Tieba bars (as in tieba.baidu.com/f?kw=NAME) where its fans gather.",
    )
    category: Name | None = Field(
        default=None,
        description="Fit: the brand's category, e.g. 手机 (also read as a category word).",
    )
    category_words: NameList = Field(
        default_factory=list,
        description="Fit: words that put a KOL's post in the category (手机, 续航…).",
    )
    tone: Tone = Field(
        default="neutral",
        description="Fit: the tone the brand wants from a KOL: gentle, neutral or sharp.",
    )


class BrandUpdate(Strict):
    name: Name | None = None
    aliases: NameList | None = None
    fandom_names: NameList | None = None
    executives: list[Executive] | None = Field(default=None, max_length=100)
    competitors: NameList | None = None
    owned_accounts: list[Account] | None = Field(default=None, max_length=100)
    tieba_bars: TiebaBars | None = None
    category: Name | None = None
    category_words: NameList | None = None
    tone: Tone | None = None


class BrandOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    aliases: list[str]
    fandom_names: list[str]
    executives: list[Executive]
    competitors: list[str]
    owned_accounts: list[Account]
    tieba_bars: list[str]
    category: str | None = None
    category_words: list[str] = Field(default_factory=list)
    tone: Tone = "neutral"
    created_at: datetime
    updated_at: datetime
