"""Personal API tokens on the profile page: shown once, stored hashed, revocable."""

from kizuna.core.models import ApiToken
from tests.factories import make_token


def test_profile_token_create_shows_the_token_once(world):
    client = world.client_for("municipality_staff")
    client.post("/profile/tokens/", {"name": "Excel link"})
    first = client.get("/profile/")
    second = client.get("/profile/")
    token = first.context["new_token"]
    assert (token.startswith("kzn_"), second.context["new_token"]) == (True, None)
    assert ApiToken.authenticate(token).person == world.people["municipality_staff"]


def test_profile_token_create_without_name_is_refused(world):
    client = world.client_for("municipality_staff")
    response = client.post("/profile/tokens/", {"name": ""}, follow=True)
    assert ApiToken.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == ["トークンに名前を付けてください。"]


def test_profile_token_revoke_stops_the_token(world):
    record, token = make_token(world.people["municipality_staff"])
    world.client_for("municipality_staff").post(f"/profile/tokens/{record.pk}/revoke/")
    assert ApiToken.authenticate(token) is None


def test_profile_token_revoke_of_someone_elses_token_is_404(world):
    record, token = make_token(world.people["municipality_staff"])
    response = world.client_for("municipality_admin").post(f"/profile/tokens/{record.pk}/revoke/")
    assert (response.status_code, ApiToken.authenticate(token) is not None) == (404, True)
