"""Datasets: search and read for anyone; register, replace and withdraw for stewards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from app.auth import Db, Writer, origin_of
from app.errors import NotAcceptable
from app.models.records import DatasetRecord
from app.services import dataset_io, datasets, rdf, registry

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
    publisher: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
) -> dict:
    items, total = datasets.list_datasets(db, publisher=publisher, page=page, page_size=page_size)
    return {"items": items, "total": total, "page": page, "pageSize": page_size, "facets": {}, "links": {}}


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
