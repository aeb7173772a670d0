"""Datasets: search and read for anyone; register, replace and withdraw for stewards."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from app.auth import Db, Writer, origin_of
from app.errors import NotAcceptable
from app.models.records import DatasetRecord
from app.services import dataset_io, datasets, rdf, registry, search

router = APIRouter(tags=["datasets"])

WRITE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DatasetRecord.model_json_schema(by_alias=True,
                                                                        ref_template="#/components/schemas/{model}")},
            **{m: {"schema": {"type": "string"}} for m in dataset_io.RDF_INPUT},
        },
    }
}
ERRORS = {400: {"description": "Ongeldige invoer"}, 401: {"description": "Geen sleutel"},
          403: {"description": "Buiten de eigen organisatie"}, 404: {"description": "Niet gevonden"}}


async def raw_body(request: Request) -> bytes:
    return await request.body()


Body = Annotated[bytes, Depends(raw_body)]


@router.get("/datasets", summary="Datasets zoeken")
def list_datasets(
    request: Request, db: Db,
    q: Annotated[str | None, Query(description='Zoekwoorden; "zinsdeel" en voorvoegsel* mogelijk')] = None,
    publisher: Annotated[list[str] | None, Query(description="Organisatie-id, bv. pv29")] = None,
    theme: Annotated[list[str] | None, Query(description="EU-thema: code (AGRI) of IRI")] = None,
    keyword: Annotated[list[str] | None, Query()] = None,
    format: Annotated[list[str] | None, Query(description="Bestandstype: code (CSV) of IRI")] = None,
    license: Annotated[list[str] | None, Query()] = None,
    access_rights: Annotated[list[str] | None, Query(alias="accessRights")] = None,
    place: Annotated[list[str] | None, Query(description="Plaats of gebied (dct:spatial)")] = None,
    modified_since: Annotated[str | None, Query(alias="modifiedSince", pattern=r"^\d{4}-\d{2}-\d{2}")] = None,
    bbox: Annotated[str | None, Query(description="minX,minY,maxX,maxY (WGS84)")] = None,
    sort: Annotated[Literal["relevance", "modified", "title"] | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
) -> dict:
    filters = search.filters_of(publisher=publisher, theme=theme, keyword=keyword, format=format, license=license,
                                access_rights=access_rights, place=place, modified_since=modified_since, bbox=bbox)
    follower = request.app.state.followers["search"]
    follower.ensure_current(db)
    req = search.SearchRequest(q=q, filters=filters, sort=sort, page=page, page_size=page_size)
    return search.search_datasets(db, follower.index, req, path=str(request.url.path),
                                  params=list(request.query_params.multi_items()))


@router.post("/datasets", status_code=201, summary="Dataset registreren", openapi_extra=WRITE_BODY,
             responses=ERRORS)
def create_dataset(request: Request, body: Body, db: Db, key: Writer) -> JSONResponse:
    record = dataset_io.record_from_body(body, request.headers.get("content-type"))
    result = registry.upsert_dataset(db, record, origin=origin_of(key, request), create_only=True)
    public = datasets.public_of(db, result.dataset)
    return JSONResponse(public, status_code=201, headers={"Location": f"/v1/datasets/{result.dataset.id}"})


@router.get("/datasets/{dataset_id}", summary="Eén dataset (JSON of DCAT-AP-NL)",
            responses={200: {"content": {m: {} for m in dataset_io.RDF_OUTPUT}}, 404: ERRORS[404],
                       406: {"description": "Formaat niet beschikbaar"}})
def read_dataset(dataset_id: str, request: Request, db: Db) -> Response:
    media = rdf.negotiate(request.headers.get("accept", "application/json"),
                          ["application/json", *dataset_io.RDF_OUTPUT])
    if media is None:
        raise NotAcceptable("Beschikbaar: application/json, " + ", ".join(dataset_io.RDF_OUTPUT) + ".")
    dataset = datasets.get_dataset(db, dataset_id)
    loaded = datasets.Loaded(db, [dataset])
    public = loaded.public(dataset)
    if media == "application/json":
        return JSONResponse(public)
    body = dataset_io.render(dataset, loaded.record(dataset), public["publisher"], public["creator"], media)
    return Response(body, media_type=media)


@router.put("/datasets/{dataset_id}", summary="Dataset vervangen", openapi_extra=WRITE_BODY, responses=ERRORS)
def replace_dataset(dataset_id: str, request: Request, body: Body, db: Db, key: Writer) -> dict:
    record = dataset_io.record_from_body(body, request.headers.get("content-type"))
    result = registry.upsert_dataset(db, record, origin=origin_of(key, request), expect_id=dataset_id)
    return datasets.public_of(db, result.dataset)


@router.delete("/datasets/{dataset_id}", status_code=204, summary="Dataset intrekken", responses=ERRORS)
def withdraw_dataset(dataset_id: str, request: Request, db: Db, key: Writer) -> Response:
    registry.withdraw_dataset(db, dataset_id, origin=origin_of(key, request))
    return Response(status_code=204)
