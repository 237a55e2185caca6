from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("prefectures/", views.prefectures, name="prefectures"),
    path("countries/", views.countries, name="countries"),
    path("local-governments/<str:code>/", views.government, name="government"),
    path("affiliations/<int:pk>/", views.affiliation, name="affiliation"),
    path("affiliations/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("affiliations/<int:pk>/step/<slug:action>/", views.affiliation_step, name="affiliation_step"),
    path("affiliations/<int:pk>/propose/", views.proposal_change, name="proposal_change"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("counts/", views.counts, name="counts"),
    path("map/", views.world_map, name="map"),
    path("map/data.json", views.map_data, name="map_data"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/sister-cities.csv", views.registry_csv, name="csv"),
    path("open-data/sister-cities.json", views.registry_json, name="json"),
    path("open-data/schema.json", views.schema, name="schema"),
    path("open-data/dcat.jsonld", views.dcat, name="dcat"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/decide/<slug:action>/", views.proposal_decide, name="proposal_decide"),
    path("import/", views.import_affiliations, name="import"),
    path("looking-for-partners/", views.wanted_list, name="wanted_list"),
    path("looking-for-partners/new/", views.wanted_new, name="wanted_new"),
    path("looking-for-partners/<int:pk>/", views.wanted, name="wanted"),
    path("looking-for-partners/<int:pk>/edit/", views.wanted_edit, name="wanted_edit"),
]
