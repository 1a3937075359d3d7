"""A re-evaluation stores a new snapshot only when the reading changed."""

from sqlalchemy import select

from app.changes import bump_stamps
from app.models import Assessment, Watch
from tests.builders import create_watch, post_item

KOL_AUTHOR = {"uid": "1000001", "name": "测评老王", "followers": 10**6}


def snapshots(database, watch_id):
    with database.session_scope(write=False) as session:
        query = select(Assessment).where(Assessment.watch_id == watch_id).order_by(Assessment.seq)
        return list(session.scalars(query))


def test_the_same_reading_confirms_the_last_snapshot_instead_of_adding_one(api, database, clock):
    watch_id = create_watch(api)["id"]
    api.post("/v1/posts", json=[post_item("1", "河粉都是韭菜", author=KOL_AUTHOR)])
    first = api.get(f"/v1/watches/{watch_id}/risk").json()
    [stored] = snapshots(database, watch_id)

    clock.advance(minutes=1)
    with database.session_scope() as session:  # a post naming the KOL changed elsewhere
        bump_stamps(session, stored.tenant_id, dict.fromkeys([session.get(Watch, watch_id).kol_id]))
    again = api.get(f"/v1/watches/{watch_id}/risk").json()

    [confirmed] = snapshots(database, watch_id)
    assert confirmed.id == stored.id
    assert confirmed.inputs_marker != stored.inputs_marker
    assert confirmed.evaluated_at == stored.evaluated_at  # when the reading was first stored
    assert again["as_of"] != first["as_of"]  # when it was last confirmed
    assert {k: v for k, v in again.items() if k not in ("as_of", "evaluated_at")} == {
        k: v for k, v in first.items() if k not in ("as_of", "evaluated_at")
    }
    # The snapshot stands for the new inputs: the next read answers from it.
    assert api.get(f"/v1/watches/{watch_id}/risk").json()["as_of"] == again["as_of"]

    api.post("/v1/posts", json=[post_item("2", "河粉真是一群韭菜", author=KOL_AUTHOR)])
    api.get(f"/v1/watches/{watch_id}/risk")
    assert [s.seq for s in snapshots(database, watch_id)] == [1, 2]
