"""The candidate list (search before creating), the dossier list's sorts and both lists as CSV.

Given the Greta's adviser registers candidates and opens dossiers, when she searches, sorts
and exports, then she gets her organisation's rows only, in the order asked, page after page.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CREATE_CANDIDATE, new_dossier, started_evaluation

CANDIDATES = """
query ($filter: CandidateFilter, $first: Int, $after: String, $order: CandidateOrder) {
  candidates(filter: $filter, first: $first, after: $after, order: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { candidate { id birthName firstNames birthDate email }
                   dossiers { id certificationCode status } } } } }
"""
DOSSIERS = """
query ($search: String!, $first: Int, $after: String, $order: DossierOrder) {
  dossiers(filter: {search: $search}, first: $first, after: $after, order: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id status candidate { birthName } } } } }
"""
WITH_EMAIL = """
mutation ($name: String!, $email: String!) { createCandidate(input: {civility: MADAME,
  birthName: $name, firstNames: "Inès", birthDate: "1991-02-14", birthCountry: "France",
  birthCity: "Lyon", birthPostalCode: "69001", statusAtRegistration: JOBSEEKER,
  educationLevel: CAP_BEP, email: $email}) { candidate { id } errors { code message } } }
"""


def _names(listed: dict[str, Any], path: str = "candidate") -> list[str]:
    return [str(edge["node"][path]["birthName"]) for edge in listed["edges"]]


async def _all_pages(http: httpx.AsyncClient, query: str, root: str, **variables: Any) -> list[Any]:
    """Every page, one row at a time, following the cursors."""
    pages: list[Any] = []
    after = None
    while True:
        body = await post(http, query, first=1, after=after, **variables)
        assert "errors" not in body, body
        page = body["data"][root]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


async def test_the_adviser_finds_a_registered_person_by_names_and_birth_date_or_by_email(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    candidate, opened = await new_dossier(adviser, "Lookup-Faucon")
    created = await post(adviser, WITH_EMAIL, name="Lookup-Épervier", email="Ines.E@exemple.fr")
    other = created["data"]["createCandidate"]["candidate"]["id"]

    # Names in another case and without accents, with the birth date: the person is found
    by_names = (
        await post(
            adviser,
            CANDIDATES,
            filter={"search": "lookup-faucon yanis", "birthDate": "1998-06-30"},
        )
    )["data"]["candidates"]
    wrong_date = (
        await post(
            adviser, CANDIDATES, filter={"search": "lookup-faucon", "birthDate": "1998-06-29"}
        )
    )["data"]["candidates"]
    by_email = (await post(adviser, CANDIDATES, filter={"email": " ines.e@EXEMPLE.fr "}))["data"][
        "candidates"
    ]
    unaccented = (await post(adviser, CANDIDATES, filter={"search": "epervier"}))["data"][
        "candidates"
    ]

    assert by_names["totalCount"] == 1
    (found,) = [edge["node"] for edge in by_names["edges"]]
    assert found["candidate"]["id"] == candidate
    # With their dossiers, so the adviser sees at once what is already open
    assert found["dossiers"] == [
        {"id": opened["dossier"]["id"], "certificationCode": "CLEA_MANAGEMENT", "status": "OPENED"}
    ]
    assert wrong_date["totalCount"] == 0
    assert [e["node"]["candidate"]["id"] for e in by_email["edges"]] == [other]
    assert [e["node"]["candidate"]["id"] for e in unaccented["edges"]] == [other]
    assert unaccented["edges"][0]["node"]["dossiers"] == []


async def test_the_candidate_list_pages_in_name_order_both_ways_without_overlap(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    for name in ("Pagecand-Cerise", "Pagecand-Abricot", "Pagecand-Banane"):
        await post(adviser, CREATE_CANDIDATE, name=name)
    wanted = ["Pagecand-Abricot", "Pagecand-Banane", "Pagecand-Cerise"]

    ascending = await _all_pages(
        adviser, CANDIDATES, "candidates", filter={"search": "pagecand"}, order="NAME_ASC"
    )
    descending = await _all_pages(
        adviser, CANDIDATES, "candidates", filter={"search": "pagecand"}, order="NAME_DESC"
    )

    assert [name for page in ascending for name in _names(page)] == wanted
    assert [name for page in descending for name in _names(page)] == wanted[::-1]
    assert {page["totalCount"] for page in ascending} == {3}


async def test_the_dossier_list_sorts_by_name_and_status_page_after_page(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    ids = {}
    for name in ("Sortdos-Chene", "Sortdos-Aulne", "Sortdos-Bouleau"):
        _, opened = await new_dossier(adviser, name)
        ids[name] = opened["dossier"]["id"]
    # The Aulne's évaluation préalable starts: later in the pathway than the two others
    await started_evaluation(evaluator, ids["Sortdos-Aulne"])

    def rows(pages: list[Any]) -> list[str]:
        return [name for page in pages for name in _names(page)]

    by_name = await _all_pages(adviser, DOSSIERS, "dossiers", search="sortdos", order="NAME_ASC")
    by_name_desc = await _all_pages(
        adviser, DOSSIERS, "dossiers", search="sortdos", order="NAME_DESC"
    )
    by_status = await _all_pages(
        adviser, DOSSIERS, "dossiers", search="sortdos", order="STATUS_DESC"
    )
    by_deadline = await _all_pages(
        adviser, DOSSIERS, "dossiers", search="sortdos", order="DEADLINE_ASC"
    )

    assert rows(by_name) == ["Sortdos-Aulne", "Sortdos-Bouleau", "Sortdos-Chene"]
    assert rows(by_name_desc) == ["Sortdos-Chene", "Sortdos-Bouleau", "Sortdos-Aulne"]
    # Status in the pathway's order (an évaluation préalable comes after « ouvert »)
    assert rows(by_status)[0] == "Sortdos-Aulne"
    # No deadline before the évaluation préalable closes: all three, each once
    assert sorted(rows(by_deadline)) == ["Sortdos-Aulne", "Sortdos-Bouleau", "Sortdos-Chene"]


async def test_an_unknown_order_or_a_forged_cursor_is_refused_in_french(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    unknown = await post(adviser, DOSSIERS, search="x", order="BIRTHDAY_ASC")
    forged = await post(adviser, DOSSIERS, search="x", order="NAME_ASC", after="pas-un-curseur")

    assert "errors" in unknown
    assert not unknown.get("data")
    assert forged["errors"][0]["message"] == "Curseur de pagination invalide."


async def test_only_advisers_and_org_admins_list_candidates(logged_in: LoggedIn) -> None:
    evaluator = await logged_in("evaluatrice@greta-demo.fr")

    refused = await post(evaluator, CANDIDATES, filter={"search": "lookup"})

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_organisation_neither_finds_nor_exports_our_candidates(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    await new_dossier(adviser, "Isolcand-Harfang")

    searched = (await post(afpa, CANDIDATES, filter={"search": "isolcand"}))["data"]["candidates"]
    dossiers = await afpa.get("/exports/dossiers.csv", params={"q": "isolcand"})
    candidates = await afpa.get("/exports/candidats.csv", params={"q": "isolcand"})
    ours = await adviser.get("/exports/candidats.csv", params={"q": "isolcand"})

    assert searched == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
    assert dossiers.status_code == candidates.status_code == 200
    assert len(dossiers.content.decode("utf-8-sig").splitlines()) == 1  # the header only
    assert len(candidates.content.decode("utf-8-sig").splitlines()) == 1
    assert "Isolcand-Harfang" in ours.content.decode("utf-8-sig")


async def test_the_dossier_list_exports_as_an_excel_friendly_csv_in_the_lists_order(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    for name in ("Csvdos-Zèbre", "Csvdos-Âne"):
        await new_dossier(adviser, name)

    exported = await adviser.get("/exports/dossiers.csv", params={"q": "csvdos", "tri": "NAME_ASC"})

    assert exported.status_code == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"].startswith('attachment; filename="dossiers-')
    assert exported.content.startswith("\ufeff".encode())  # UTF-8 BOM: Excel reads the accents
    lines = exported.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == (
        "Nom de naissance;Nom d'usage;Prénoms;Date de naissance;Certification;Statut;Site;"
        "Ouvert le;Échéance"
    )
    first, second = lines[1].split(";"), lines[2].split(";")
    assert [first[0], second[0]] == ["Csvdos-Âne", "Csvdos-Zèbre"]  # Â sorts as A
    assert first[2:4] == ["Yanis", "30/06/1998"]
    assert first[5] == "ouvert"
    assert lines[3:] == [""]


async def test_export_parameters_the_screen_never_sends_are_refused(
    logged_in: LoggedIn, client: httpx.AsyncClient
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")

    bad_sort = await adviser.get("/exports/dossiers.csv", params={"tri": "PAR_AGE"})
    bad_status = await adviser.get("/exports/dossiers.csv", params={"statut": "PERDU"})
    bad_date = await adviser.get("/exports/dossiers.csv", params={"du": "31/12/2026"})
    evaluator_candidates = await evaluator.get("/exports/candidats.csv")
    anonymous = await client.get("/exports/dossiers.csv")

    assert bad_sort.status_code == bad_status.status_code == bad_date.status_code == 400
    assert bad_sort.json() == {"detail": "Tri inconnu."}
    assert bad_date.json()["detail"].startswith("Date de début invalide")
    assert evaluator_candidates.status_code == 403
    assert anonymous.status_code == 401
