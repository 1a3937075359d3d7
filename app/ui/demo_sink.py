"""A loopback receiver for `kolrisk serve --demo`: the demo's webhook delivers here, so a
newcomer sees an alert in the delivery log without any network. Answers 404 outside demo mode."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

router = APIRouter(prefix="/ui", include_in_schema=False)
DEMO_SINK_PATH = "/ui/demo-sink"
# The demo webhook's description: how the dashboard knows to call it the demo receiver.
DEMO_SINK_LABEL = "demo sink (kolrisk serve --demo)"


@router.post("/demo-sink")
async def demo_sink(request: Request) -> Response:
    if not getattr(request.app.state, "demo_sink", False):
        return Response(status_code=404)
    await request.body()  # read and dropped: the delivery log keeps what was sent
    return Response(status_code=204)
