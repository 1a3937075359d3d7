from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Account, Name, NameList, Strict, TiebaBars


class Executive(Strict):
    name: Name = Field(description="As posts name them.", examples=["顾承岳"])
    accounts: list[Account] = Field(
        default_factory=list,
        max_length=50,
        description="Their accounts: comments under their posts are the fandom's venue.",
    )


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


class BrandUpdate(Strict):
    name: Name | None = None
    aliases: NameList | None = None
    fandom_names: NameList | None = None
    executives: list[Executive] | None = Field(default=None, max_length=100)
    competitors: NameList | None = None
    owned_accounts: list[Account] | None = Field(default=None, max_length=100)
    tieba_bars: TiebaBars | None = None


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
    created_at: datetime
    updated_at: datetime
