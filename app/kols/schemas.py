from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Account, Name, NameList, Strict, TiebaBars


class KolCreate(Strict):
    name: Name
    aliases: NameList = Field(default_factory=list)
    accounts: list[Account] = Field(default_factory=list, max_length=50)
    tieba_bars: TiebaBars = Field(default_factory=list)


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
