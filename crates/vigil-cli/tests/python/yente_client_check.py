"""Drives `vigil serve` with the real yente-client package from PyPI.

Run by crates/vigil-cli/tests/it/serve.rs against a server on loopback over
the demo list, with an API key: `python yente_client_check.py URL KEY`.
Exits non-zero (an AssertionError or the client's own error) when vigil's
/match does not answer what yente clients expect.
"""

import sys

from yente_client import AuthenticationError, Client, Company, Person, Vessel

url, key = sys.argv[1], sys.argv[2]

with Client(base_url=url, api_key=key) as client:
    # A person by example, with a date of birth and nationality.
    r = client.match(
        Person(name=["Kareem Abdul Rahman al-Farsi"], birthDate=["1971-03-14"], nationality=["ye"]),
        limit=3,
    )
    assert r.limit == 3, r
    assert r.top is not None and r.top.id == "demo:D001", r
    assert r.top.match and r.top.score > 0.9, r.top
    assert r.top.schema_ == "Person", r.top
    assert "demo" in r.top.datasets, r.top
    assert r.total.value >= 1 and r.total.relation == "eq", r.total
    name = r.top.explanations["name_match"]
    assert name.score > 0.9 and name.candidate, name
    assert "dob_exact" in r.top.contributing_explanations, r.top.explanations

    # Original script, a threshold of the caller's, one dataset.
    r = client.match(Person(name=["Светлана Морозова"]), threshold=0.8, datasets=["demo"])
    assert r.top is not None and r.top.id == "demo:D002", r
    assert all(x.match == (x.score >= 0.8) for x in r.results), r.results

    # Organisations and vessels.
    r = client.match(Company(name=["Orion Maritime Logistics"]))
    assert r.top is not None and r.top.id == "demo:D006", r
    r = client.match(Vessel(name=["Polar Star"], imoNumber=["9000003"]))
    assert r.top is not None and r.top.id == "demo:D008", r

    # An innocent name: no match.
    r = client.match(Person(name=["Jonathan Appleby"], birthDate=["1990-01-01"]))
    assert not r.matches, r.matches

    # Many queries through the client's batching.
    rows = [("a", Person(name=["Chow Wai Ming"])), ("b", Person(name=["KIM Chol Su"]))]
    got = {k: v for k, v in client.match_iter(rows)}
    assert got["a"].top.id == "demo:D003" and got["b"].top.id == "demo:D011", got

# A wrong key is refused as yente's clients understand it.
with Client(base_url=url, api_key="wrong") as client:
    try:
        client.match(Person(name=["Chow Wai Ming"]))
    except AuthenticationError:
        pass
    else:
        raise AssertionError("a wrong API key was accepted")

print("yente-client: all checks passed")
