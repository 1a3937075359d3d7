import re

from app.ids import new_id, new_ids

ID = re.compile(r"^pst_[0-9a-f]{24}$")


def test_ids_made_together_look_like_ids_made_one_by_one_and_never_repeat():
    made = new_ids("pst", 10_000)
    assert len(made) == len(set(made)) == 10_000
    assert all(ID.match(one) for one in [*made, new_id("pst")])


def test_ids_made_later_sort_later():
    earlier = new_ids("pst", 3)
    later = new_id("pst")
    assert all(one[:16] <= later[:16] for one in earlier)
    assert new_ids("pst", 0) == []
