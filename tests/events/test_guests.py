"""Registering without an account: the public form, the mailed confirmation link (through a real SMTP server),
the same capacity guarantees as everyone, and the signed link to see, change or cancel the registration."""

import re
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client

from kizuna.core.models import User
from kizuna.events import links
from kizuna.events.models import Registration
from kizuna.events.services import guests

from .factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def webinar(world):
    """HQ's public webinar for anyone, 1 seat, waiting list on, open to people without an account."""
    return EventFactory(organiser=world.hq, capacity=1, guests_may_register=True, format="online",
                        online_url="https://meet.example.jp/w1",
                        questions=[{"key": "country", "label": "国・地域", "label_en": "Country", "required": True}])


def _form(**extra):
    return {"name": "Maria Souza", "email": "Maria@Example.org", "language": "en", "affiliation": "Recife City Hall",
            "q_country": "Brazil", **extra}


def _link(message_body: str, pattern: str) -> str:
    found = re.search(rf"https?://\S+({pattern}\S+/)", message_body)
    assert found, message_body
    return found.group(1)


def _body(smtp_server, index=-1) -> str:
    return smtp_server.messages[index]["message"].get_body(("plain",)).get_content()


def test_the_form_mails_a_link_and_nothing_is_registered_before_it_is_confirmed(
        world, webinar, smtp_server, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{webinar.pk}/register/guest/", _form())
    assert response.status_code == 200
    assert "maria@example.org" in response.content.decode()
    assert (Registration.objects.filter(event=webinar).count(), User.objects.filter(email="maria@example.org").exists()
            ) == (0, False)
    message = smtp_server.messages[-1]
    assert message["to"] == ["maria@example.org"]
    assert "Please confirm your registration" in message["message"]["Subject"]  # in the language chosen
    confirm = _link(_body(smtp_server), "/events/")

    page = client.get(confirm)  # a mail scanner opening the link registers nobody
    assert page.status_code == 200 and "Recife City Hall" in page.content.decode()
    assert not Registration.objects.filter(event=webinar).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(confirm)
    registration = Registration.objects.get(event=webinar)
    assert (registration.status, registration.by_link, registration.affiliation, registration.answers) == (
        "confirmed", True, "Recife City Hall", {"country": "Brazil"})
    person = registration.person
    assert (person.email, person.full_name, person.preferred_language, person.has_usable_password()) == (
        "maria@example.org", "Maria Souza", "en", False)
    assert done.status_code == 302 and done["Location"] == links.registration_path(registration)
    confirmation = _body(smtp_server)
    assert registration.code in confirmation and links.registration_url(registration) in confirmation


def test_the_registration_link_shows_changes_and_cancels(world, webinar, smtp_server,
                                                         django_capture_on_commit_callbacks):
    registration = guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "Maria Souza", "m": "maria@example.org", "l": "en", "a": "", "q": {"country": "Brazil"}, "s": []}))
    path, client = links.registration_path(registration), Client()
    page = client.get(path).content.decode()
    assert registration.code in page and "https://meet.example.jp/w1" in page and "Cancel my registration" in page

    refused = client.post(path, {"q_country": "", "affiliation": "x"})
    assert refused.status_code == 400 and "field-error" in refused.content.decode()
    registration.refresh_from_db()
    assert registration.answers == {"country": "Brazil"}  # nothing changed by a refused form

    assert client.post(path, {"q_country": "Portugal", "affiliation": "Lisbon"}).status_code == 302
    registration.refresh_from_db()
    assert (registration.answers, registration.affiliation) == ({"country": "Portugal"}, "Lisbon")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(path + "cancel/")
    registration.refresh_from_db()
    webinar.refresh_from_db()
    assert (registration.status, webinar.seats_taken) == ("cancelled", 0)
    assert smtp_server.messages[-1]["to"] == ["maria@example.org"]
    assert "cancel" in smtp_server.messages[-1]["message"]["Subject"].lower()


def test_a_link_for_another_registration_or_altered_opens_nothing(world, webinar):
    first = guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "A", "m": "a@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": []}))
    second = guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "B", "m": "b@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": []}))
    token = links.registration_token(first)
    client = Client()
    assert client.get(f"/events/r/{first.pk}/{token}/").status_code == 200
    assert client.get(f"/events/r/{second.pk}/{token}/").status_code == 404
    assert client.get(f"/events/r/{first.pk}/{token[:-1]}x/").status_code == 404
    assert client.post(f"/events/r/{second.pk}/{token}/cancel/").status_code == 404
    second.refresh_from_db()
    assert second.status == "waiting"  # one seat: the second waits, and the wrong link cancelled nothing


def test_an_expired_or_altered_confirmation_link_is_refused_in_words(world, webinar, settings):
    data = {"n": "A", "m": "a@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": []}
    token = links.request_token(webinar.pk, data)
    other = EventFactory(organiser=world.hq, guests_may_register=True)
    client = Client(headers={"accept-language": "en"})
    for url in (f"/events/{webinar.pk}/confirm/{token}x/", f"/events/{other.pk}/confirm/{token}/"):
        response = client.post(url)
        assert response.status_code == 400 and "not valid or has expired" in response.content.decode()
    settings.SECRET_KEY = "another key"  # what a link older than a day also meets: its signature no longer holds
    with pytest.raises(ValidationError) as refused:
        guests.confirm(event=webinar, token=token)
    assert refused.value.code == "bad_link"
    assert not Registration.objects.filter(event=webinar).exists()


class _TwoDaysAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 2 * 86400)


def test_a_confirmation_link_older_than_a_day_has_expired(world, webinar):
    data = {"e": webinar.pk, "n": "A", "m": "a@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": []}
    old = _TwoDaysAgo(salt=links.REQUEST_SALT).sign_object(data, compress=True)
    fresh = signing.TimestampSigner(salt=links.REQUEST_SALT).sign_object(data, compress=True)
    assert guests.read_request(webinar, fresh)["email"] == "a@example.org"
    with pytest.raises(ValidationError) as refused:
        guests.confirm(event=webinar, token=old)
    assert (refused.value.code, Registration.objects.filter(event=webinar).exists()) == ("bad_link", False)


def test_capacity_holds_for_guests_as_for_everyone(world, webinar):
    def confirm(n):
        return guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
            "n": f"P{n}", "m": f"p{n}@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": []}))

    statuses = [confirm(n).status for n in range(3)]
    webinar.refresh_from_db()
    assert (statuses, webinar.seats_taken) == (["confirmed", "waiting", "waiting"], 1)
    webinar.waiting_list = False
    webinar.save(update_fields=["waiting_list"])
    with pytest.raises(ValidationError) as refused:
        confirm(9)
    assert refused.value.code == "full"
    assert not User.objects.filter(email="p9@example.org").exists()  # nothing half-saved


def test_confirming_twice_registers_once(world, webinar):
    token = links.request_token(webinar.pk, {"n": "A", "m": "a@example.org", "l": "ja", "a": "",
                                             "q": {"country": "JP"}, "s": []})
    guests.confirm(event=webinar, token=token)
    with pytest.raises(ValidationError) as refused:
        guests.confirm(event=webinar, token=token)
    assert (refused.value.code, Registration.objects.filter(event=webinar).count()) == ("already_registered", 1)


def test_an_address_already_registered_gets_its_link_again(world, webinar, smtp_server,
                                                            django_capture_on_commit_callbacks):
    registration = guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "A", "m": "a@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": []}))
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/events/{webinar.pk}/register/guest/", _form(email="A@example.org"))
    assert links.registration_url(registration) in _body(smtp_server)
    assert Registration.objects.filter(event=webinar).count() == 1


def test_an_account_holders_address_registers_that_person(world, webinar):
    jet = world.people["jet"]
    registration = guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "someone else", "m": jet.email.upper(), "l": "en", "a": "", "q": {"country": "JP"}, "s": []}))
    jet.refresh_from_db()
    assert (registration.person, jet.has_usable_password() or jet.full_name != "someone else") == (jet, True)
    assert world.client_for("jet").get(registration.get_absolute_url()).status_code == 200


def test_bad_input_is_refused_beside_its_field_in_the_users_language(world, webinar, smtp_server):
    client = Client(headers={"accept-language": "ja"})
    response = client.post(f"/events/{webinar.pk}/register/guest/", _form(email="not-an-address", q_country="",
                                                                           name=""))
    page = response.content.decode()
    assert response.status_code == 400 and page.count('class="field-error"') == 3
    assert "有効なメールアドレス" in page and 'value="Recife City Hall"' in page  # what was typed is kept
    assert smtp_server.messages == []


def test_only_events_that_allow_it_take_guests(world, webinar):
    for event in (EventFactory(organiser=world.hq),  # the organisers did not allow it
                  EventFactory(organiser=world.hq, guests_may_register=True, is_published=False)):
        assert Client().post(f"/events/{event.pk}/register/guest/", _form()).status_code == 404
    from kizuna.events.services.events import update_event

    with pytest.raises(ValidationError) as refused:
        update_event(by=world.people["hq_staff"], event=webinar, audience="local_government")
    assert "guests_may_register" in refused.value.message_dict


def test_the_event_page_offers_the_form_to_visitors_and_keeps_login_for_the_rest(world, webinar):
    anonymous = Client().get(webinar.get_absolute_url()).content.decode()
    signed_in = world.client_for("jet").get(webinar.get_absolute_url()).content.decode()
    assert 'data-testid="guest-form"' in anonymous and 'data-testid="guest-form"' not in signed_in


def test_too_many_asks_from_one_network_are_refused(world, webinar, smtp_server):
    client = Client()
    for _n in range(guests.ASKS_PER_MAILBOX_AN_HOUR):
        assert client.post(f"/events/{webinar.pk}/register/guest/", _form()).status_code == 200
    refused = client.post(f"/events/{webinar.pk}/register/guest/", _form())
    assert refused.status_code == 400 and "Too many" in Client(headers={"accept-language": "en"}).post(
        f"/events/{webinar.pk}/register/guest/", _form()).content.decode()


def test_the_api_asks_for_a_confirmation_and_refuses_in_words(world, webinar, smtp_server,
                                                             django_capture_on_commit_callbacks):
    client = Client(headers={"accept-language": "en"})
    url = f"/api/v1/events/events/{webinar.pk}/guest-registrations"
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(url, {"name": "A", "email": "a@example.org", "language": "en",
                               "answers": {"country": "Chile"}}, content_type="application/json")
    assert ok.status_code == 200 and "a@example.org" in ok.json()["detail"]
    assert smtp_server.messages[-1]["to"] == ["a@example.org"]
    missing = client.post(url, {"name": "B", "email": "b@example.org"}, content_type="application/json")
    assert missing.status_code == 422 and "Country" in missing.json()["detail"]
    closed = EventFactory(organiser=world.hq)
    refused = client.post(f"/api/v1/events/events/{closed.pk}/guest-registrations",
                          {"name": "B", "email": "b@example.org"}, content_type="application/json")
    assert refused.status_code == 422 and "account" in refused.json()["detail"]
    assert not Registration.objects.exists()


def test_the_roster_shows_the_organisation_they_wrote(world, webinar):
    guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "Maria", "m": "m@example.org", "l": "en", "a": "Recife City Hall", "q": {"country": "BR"}, "s": []}))
    staff = world.client_for("hq_staff")
    assert "Recife City Hall" in staff.get(f"/events/{webinar.pk}/roster.csv").getvalue().decode()
    row = staff.get(f"/api/v1/events/events/{webinar.pk}/roster").json()["items"][0]
    assert (row["affiliation"], row["without_account"]) == ("Recife City Hall", True)


def test_sessions_chosen_on_the_form_are_kept(world, webinar):
    first, second = SessionFactory(event=webinar), SessionFactory(event=webinar)
    with pytest.raises(ValidationError):
        guests.ask_to_register(event=webinar, name="A", email="a@example.org", answers={"country": "JP"},
                               session_ids=[first.pk, 999999])
    registration = guests.confirm(event=webinar, token=links.request_token(webinar.pk, {
        "n": "A", "m": "a@example.org", "l": "ja", "a": "", "q": {"country": "JP"}, "s": [second.pk]}))
    assert list(registration.sessions.all()) == [second]


def test_an_event_asking_for_a_file_takes_registrations_from_accounts_only(world):
    event = EventFactory(organiser=world.hq, guests_may_register=True,
                         questions=[{"key": "cv", "label": "経歴書", "type": "file", "required": False}])
    assert not guests.guests_welcome(event)
    assert Client().post(f"/events/{event.pk}/register/guest/", _form()).status_code == 404
    assert 'data-testid="guest-form"' not in Client().get(event.get_absolute_url()).content.decode()


def test_typed_answers_travel_in_the_link_and_change_on_the_registration_page(world):
    event = EventFactory(organiser=world.hq, guests_may_register=True, questions=[
        {"key": "interpreter", "label": "通訳が必要", "type": "yes_no", "required": True},
        {"key": "language", "label": "言語", "type": "choice", "required": True,
         "options": [{"key": "pt", "label": "ポルトガル語", "label_en": "Portuguese"},
                     {"key": "es", "label": "スペイン語", "label_en": "Spanish"}],
         "condition": {"question": "interpreter", "answer": "yes"}}])
    guests.ask_to_register(event=event, name="A", email="a@example.org", answers={"interpreter": "yes",
                                                                                 "language": "pt"})
    token = links.request_token(event.pk, {"n": "A", "m": "a@example.org", "l": "en", "a": "",
                                           "q": {"interpreter": True, "language": "pt"}, "s": []})
    registration = guests.confirm(event=event, token=token)
    assert registration.answers == {"interpreter": True, "language": "pt"}
    path, client = links.registration_path(registration), Client()
    page = client.get(path).content.decode()
    assert re.search(r'name="q_interpreter" value="yes"[^>]*checked', page)  # the stored yes shown as chosen
    assert client.post(path, {"q_interpreter": "no", "affiliation": ""}).status_code == 302
    registration.refresh_from_db()
    assert registration.answers == {"interpreter": False}  # the hidden question's answer is not kept
