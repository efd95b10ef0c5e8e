#!/usr/bin/env python3
"""Deterministic Semantic Scholar records for benchmarks (not committed data: made on demand).

    python benchmarks/generate.py N [--kind graph|dataset] [--seed 42] > records.jsonl

Graph API records (camelCase) or Datasets `papers` lines (lower-case keys), JSON Lines, with the mix of
real data: non-ASCII names and particles, consortia, HTML and JATS abstracts, arXiv preprints,
conference papers, MEDLINE page ranges, glued volume/issue strings, titles with `&`, `%`, acronyms.
"""
from __future__ import annotations

import argparse
import json
import random
import sys

GIVEN = ["Anna", "José", "Wei", "Priya", "Olusegun", "Zoë", "Łukasz", "Søren", "Ana María", "Jean-Luc", "Hiroshi",
         "Fatima", "Sahar M", "A.", "Geoffrey E.", "T. Y.", "Björn", "Émilie", "Ivan", "Mehmet", "Yuki"]
FAMILY = ["Müller", "García-López", "Zhang", "Natarajan", "Adeyemi", "Smith", "Nguyen", "O'Brien", "Kowalski",
          "Jørgensen", "Dubois", "Tanaka", "Khan", "Yılmaz", "van der Waals", "de Souza", "Di Stefano", "Jaffal"]
ORGANISATIONS = ["The ENCODE Consortium", "COVIDSurg Collaborative", "WHO Working Group"]
WORDS = ["deep", "robust", "Bayesian", "sparse", "causal", "graph", "networks", "DNA", "RNA-seq", "COVID-19",
         "fMRI", "BERT", "learning", "inference", "pain", "neuroplasticity", "protein", "folding", "R&D", "99%"]
JOURNALS = ["Korean Journal of Pain", "Nature Communications", "PLOS ONE", "Journal of Machine Learning Research",
            "IEEE Transactions on Pattern Analysis and Machine Intelligence", "Mind", "Bioinformatics"]
VENUES = ["Annual Meeting of the Association for Computational Linguistics", "Neural Information Processing Systems"]


def title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(4, 9))
    text = " ".join(words).capitalize()
    if rng.random() < 0.2:
        text += ": a " + " ".join(rng.sample(WORDS, 3))
    if rng.random() < 0.05:
        text = r"$\alpha$-" + text
    if rng.random() < 0.04:
        text += "."
    return text


def medline_end(first: int, last: int) -> str:
    """The end page as MEDLINE abbreviates it: the digits that differ from the start page."""
    a, b = str(first), str(last)
    if len(a) != len(b):
        return b
    shared = next((i for i in range(len(a)) if a[i] != b[i]), len(a))
    return b[shared:] or b[-1:]


def authors(rng: random.Random) -> list[dict]:
    count = rng.choice([1, 1, 2, 3, 3, 4, 6, 8, 12])
    people = [{"authorId": str(rng.randrange(10**6, 10**8)), "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"}
              for _ in range(count)]
    if rng.random() < 0.03:
        people.append({"authorId": None, "name": rng.choice(ORGANISATIONS)})
    return people


def abstract(rng: random.Random) -> str | None:
    if rng.random() < 0.2:
        return None
    sentences = [" ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + "." for _ in range(rng.randint(3, 8))]
    shape = rng.random()
    if shape < 0.2:
        return "<p><p>" + " ".join(sentences) + "</p>"
    if shape < 0.3:
        return "<jats:title>Abstract</jats:title>" + "".join(f"<jats:p>{s}</jats:p>" for s in sentences)
    return " ".join(sentences) + (" Significance p<0.05." if rng.random() < 0.1 else "")


def graph_record(rng: random.Random, number: int) -> dict:
    year = rng.randint(1950, 2025)
    paper_id = f"{rng.getrandbits(160):040x}"
    doi = f"10.{rng.randint(1000, 9999)}/{rng.choice(['j', 'ABC', 'kjp'])}.{number}"
    kind = rng.random()
    record: dict = {
        "paperId": paper_id, "corpusId": 10**8 + number, "url": f"https://www.semanticscholar.org/paper/{paper_id}",
        "title": title(rng), "abstract": abstract(rng), "year": year, "authors": authors(rng),
        "externalIds": {"DOI": doi, "CorpusId": 10**8 + number},
        "publicationDate": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else None,
        "citationCount": rng.randint(0, 5000), "isOpenAccess": rng.random() < 0.4,
    }
    if kind < 0.15:
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
        record.update(venue="arXiv.org", publicationTypes=["JournalArticle"],
                      journal={"name": "ArXiv", "volume": f"abs/{arxiv}"})
        record["externalIds"]["ArXiv"] = arxiv
    elif kind < 0.3:
        record.update(venue=rng.choice(VENUES), publicationTypes=["Conference"],
                      journal={"pages": f"{(start := rng.randint(1, 900))}-{start + rng.randint(5, 12)}"},
                      publicationVenue={"id": "x", "name": record.get("venue") or VENUES[0], "type": "conference"})
    else:
        start = rng.randint(1, 2000)
        pages = rng.choice([f"{start}-{start + rng.randint(5, 30)}", f"{start} - {medline_end(start, start + 8)}",
                            f"e{rng.randint(10**5, 10**6)}", f"\n   {start}-{start + 3}\n  "])
        volume = rng.choice([str(rng.randint(1, 120)), f"{rng.randint(1, 120)} {rng.randint(1, 12)}"])
        record.update(venue=rng.choice(JOURNALS), publicationTypes=rng.choice([["JournalArticle"], ["Review"], None]),
                      journal={"name": rng.choice(JOURNALS), "volume": volume, "pages": pages})
        if rng.random() < 0.3:
            record["externalIds"]["PubMed"] = str(rng.randint(10**7, 4 * 10**7))
    return record


def dataset_record(rng: random.Random, number: int) -> dict:
    graph = graph_record(rng, number)
    ids = {key: None for key in ("ACL", "DBLP", "ArXiv", "MAG", "PubMed", "DOI", "PubMedCentral")}
    ids.update({key: str(value) for key, value in graph["externalIds"].items()})
    journal = graph.get("journal") or {}
    return {
        "corpusid": graph["corpusId"], "externalids": ids, "url": graph["url"], "title": graph["title"],
        "authors": graph["authors"], "venue": graph.get("venue", ""), "publicationvenueid": None,
        "year": graph["year"], "referencecount": 0, "citationcount": graph["citationCount"],
        "influentialcitationcount": 0, "isopenaccess": graph["isOpenAccess"], "s2fieldsofstudy": None,
        "publicationtypes": graph.get("publicationTypes"), "publicationdate": graph["publicationDate"],
        "journal": {"name": journal.get("name", ""), "pages": journal.get("pages"), "volume": journal.get("volume", "")},
        "updated": "2022-01-27T01:47:09.787Z",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("--kind", choices=("graph", "dataset"), default="graph")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    make = graph_record if args.kind == "graph" else dataset_record
    write = sys.stdout.write
    for number in range(args.count):
        write(json.dumps(make(rng, number), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
