from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Account, Name, NameList, Strict, TiebaBars


class Executive(Strict):
    name: Name
    accounts: list[Account] = Field(default_factory=list, max_length=50)


class BrandCreate(Strict):
    name: Name
    aliases: NameList = Field(default_factory=list)
    fandom_names: NameList = Field(default_factory=list)
    executives: list[Executive] = Field(default_factory=list, max_length=100)
    competitors: NameList = Field(default_factory=list)
    owned_accounts: list[Account] = Field(default_factory=list, max_length=100)
    tieba_bars: TiebaBars = Field(default_factory=list)


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
