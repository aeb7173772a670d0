"""Plain Dutch and English wording for SHACL results: what is wrong and how to fix it.

SHACL engines say "Less than 1 values on <x>->dcat:theme"; a provincial data steward needs
"Dataset mist thema (dcat:theme). Voeg minstens één thema toe uit de EU data-theme lijst, …".
Property labels come from DCAT-AP-NL's own label file (dcat-ap-nl-LBL.ttl) where it has one;
the fallbacks and the fix hints below are ours.
"""

from __future__ import annotations

from dataclasses import dataclass

# Problem kinds, derived from the SHACL constraint component that fired.
MISSING, TOO_MANY, WRONG_TYPE, WRONG_VALUE = "missing", "tooMany", "wrongType", "wrongValue"

PROBLEM_OF_COMPONENT = {
    "MinCountConstraintComponent": MISSING,
    "MaxCountConstraintComponent": TOO_MANY,
    "ClassConstraintComponent": WRONG_TYPE,
    "NodeKindConstraintComponent": WRONG_TYPE,
    "DatatypeConstraintComponent": WRONG_TYPE,
}

PREFIXES = {
    "http://www.w3.org/ns/dcat#": "dcat",
    "http://purl.org/dc/terms/": "dct",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://www.w3.org/2006/vcard/ns#": "vcard",
    "http://www.w3.org/ns/adms#": "adms",
    "http://data.europa.eu/r5r/": "dcatap",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "http://www.w3.org/ns/locn#": "locn",
    "http://www.w3.org/ns/prov#": "prov",
    "http://www.w3.org/2001/XMLSchema#": "xsd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/ns/odrl/2/": "odrl",
    "http://spdx.org/rdf/terms#": "spdx",
    "http://www.w3.org/ns/shacl#": "sh",
    "http://data.europa.eu/eli/ontology#": "eli",
    "http://www.w3.org/2006/time#": "time",
}


def curie(iri: str) -> str:
    for base, prefix in PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base):]}"
    return f"<{iri}>"


# Class labels (nl, en) for classes the label file does not cover.
CLASS_LABELS: dict[str, tuple[str, str]] = {
    "dcat:Dataset": ("Dataset", "Dataset"),
    "dcat:Distribution": ("Distributie", "Distribution"),
    "dcat:DataService": ("Dataservice", "Data service"),
    "dcat:Catalog": ("Catalogus", "Catalogue"),
    "dcat:CatalogRecord": ("Catalogusrecord", "Catalogue record"),
    "dcat:DatasetSeries": ("Datasetserie", "Dataset series"),
    "foaf:Agent": ("Organisatie (agent)", "Organisation (agent)"),
    "vcard:Kind": ("Contactpunt", "Contact point"),
    "dct:LicenseDocument": ("Licentiedocument", "Licence document"),
    "dct:Location": ("Locatie", "Location"),
    "dct:PeriodOfTime": ("Periode", "Period of time"),
    "dct:RightsStatement": ("Rechtenverklaring", "Rights statement"),
    "dct:Standard": ("Standaard", "Standard"),
    "spdx:Checksum": ("Controlegetal", "Checksum"),
    "adms:Identifier": ("Identificatie", "Identifier"),
    "skos:Concept": ("Begrip (codelijstwaarde)", "Concept (code list value)"),
    "skos:ConceptScheme": ("Begrippenlijst", "Concept scheme"),
}

# Property labels (nl, en) where the DCAT-AP-NL label file has none (it labels only the DCAT classes).
PATH_LABELS: dict[str, tuple[str, str]] = {
    "foaf:name": ("naam", "name"),
    "dct:type": ("type", "type"),
    "dcat:bbox": ("omhullende rechthoek", "bounding box"),
    "dcat:centroid": ("middelpunt", "centroid"),
    "locn:geometry": ("geometrie", "geometry"),
    "dcat:startDate": ("begindatum", "start date"),
    "dcat:endDate": ("einddatum", "end date"),
    "vcard:hasEmail": ("e-mailadres", "e-mail address"),
    "vcard:hasURL": ("webadres", "web address"),
    "vcard:fn": ("naam", "name"),
    "skos:notation": ("code", "notation"),
    "spdx:algorithm": ("algoritme", "algorithm"),
    "spdx:checksumValue": ("controlewaarde", "checksum value"),
    "dct:license": ("licentie", "licence"),
    "dcat:theme": ("thema", "theme"),
    "dcat:contactPoint": ("contactpunt", "contact point"),
    "dct:accessRights": ("toegangsrechten", "access rights"),
    "dct:publisher": ("uitgever", "publisher"),
    "dct:creator": ("maker", "creator"),
    "dct:identifier": ("identificatie", "identifier"),
    "dct:title": ("titel", "title"),
    "dct:description": ("beschrijving", "description"),
    "dcat:accessURL": ("toegangs-URL", "access URL"),
    "dcat:dataset": ("dataset", "dataset"),
    "skos:prefLabel": ("voorkeursnaam", "preferred label"),
}

THEME_EXAMPLE = "http://publications.europa.eu/resource/authority/data-theme/ENVI"
LICENCE_EXAMPLE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
TOOI_EXAMPLE = "https://identifier.overheid.nl/tooi/id/provincie/pv29"

# How to fix a missing property, per path: (nl, en).
MISSING_HINTS: dict[str, tuple[str, str]] = {
    "dcat:theme": (
        f"Voeg minstens één dcat:theme toe uit de EU data-theme lijst, bijv. {THEME_EXAMPLE} "
        "(Milieu); eigen domeinthema's mogen daarnaast.",
        f"Add at least one dcat:theme from the EU data-theme list, e.g. {THEME_EXAMPLE} "
        "(Environment); domain themes may be added besides it.",
    ),
    "dct:license": (
        f"Geef elke distributie een dct:license uit de DCAT-AP-NL licentielijst, bijv. {LICENCE_EXAMPLE} "
        "(CC0) of https://creativecommons.org/licenses/by/4.0/deed.nl (CC BY 4.0).",
        f"Give every distribution a dct:license from the DCAT-AP-NL licence list, e.g. {LICENCE_EXAMPLE} "
        "(CC0) or https://creativecommons.org/licenses/by/4.0/deed.nl (CC BY 4.0).",
    ),
    "dcat:contactPoint": (
        "Voeg een dcat:contactPoint toe: een vcard:Kind met een functioneel e-mailadres "
        "(vcard:hasEmail <mailto:geo@provincie.nl>) of een contactformulier (vcard:hasURL).",
        "Add a dcat:contactPoint: a vcard:Kind with a functional e-mail address "
        "(vcard:hasEmail <mailto:geo@provincie.nl>) or a contact form (vcard:hasURL).",
    ),
    "dct:accessRights": (
        "Voeg dct:accessRights toe uit de EU access-right lijst: "
        "http://publications.europa.eu/resource/authority/access-right/PUBLIC, RESTRICTED of NON_PUBLIC.",
        "Add dct:accessRights from the EU access-right list: "
        "http://publications.europa.eu/resource/authority/access-right/PUBLIC, RESTRICTED or NON_PUBLIC.",
    ),
    "dct:publisher": (
        f"Voeg dct:publisher toe: de organisatie die de dataset beschikbaar stelt, bij voorkeur een TOOI-URI "
        f"zoals {TOOI_EXAMPLE}, met foaf:name.",
        f"Add dct:publisher: the organisation that makes the dataset available, preferably a TOOI URI "
        f"such as {TOOI_EXAMPLE}, with foaf:name.",
    ),
    "dct:creator": (
        f"Voeg dct:creator toe: de organisatie die de data maakt (verplicht in DCAT-AP-NL), bij voorkeur "
        f"een TOOI-URI zoals {TOOI_EXAMPLE}, met foaf:name.",
        f"Add dct:creator: the organisation that produces the data (mandatory in DCAT-AP-NL), preferably "
        f"a TOOI URI such as {TOOI_EXAMPLE}, with foaf:name.",
    ),
    "dct:identifier": (
        "Voeg precies één dct:identifier toe: de oorspronkelijke identificatie bij de eigenaar, "
        "bij voorkeur een resolvebare URI.",
        "Add exactly one dct:identifier: the owner's original identifier, preferably a resolvable URI.",
    ),
    "dct:title": ("Voeg een titel toe (dct:title), in het Nederlands met taallabel @nl.",
                  "Add a title (dct:title), in Dutch with language tag @nl."),
    "dct:description": ("Voeg een beschrijving toe (dct:description) van wat de data bevat en waarvoor.",
                        "Add a description (dct:description) of what the data holds and what for."),
    "dcat:accessURL": (
        "Voeg dcat:accessURL toe: de URL waar de data te krijgen is (download, viewer of API).",
        "Add dcat:accessURL: the URL where the data can be obtained (download, viewer or API).",
    ),
    "foaf:name": ("Geef de organisatie een naam (foaf:name), bijv. \"Provincie Gelderland\"@nl.",
                  "Give the organisation a name (foaf:name), e.g. \"Provincie Gelderland\"@nl."),
    "dcat:dataset": ("Neem minstens één dataset op in de catalogus (dcat:dataset).",
                     "Include at least one dataset in the catalogue (dcat:dataset)."),
    "dct:language": ("Voeg dct:language toe uit de EU language lijst, bijv. "
                     "http://publications.europa.eu/resource/authority/language/NLD.",
                     "Add dct:language from the EU language list, e.g. "
                     "http://publications.europa.eu/resource/authority/language/NLD."),
    "dct:format": ("Voeg dct:format toe uit de EU file-type lijst, bijv. "
                   "http://publications.europa.eu/resource/authority/file-type/CSV.",
                   "Add dct:format from the EU file-type list, e.g. "
                   "http://publications.europa.eu/resource/authority/file-type/CSV."),
    "dcat:mediaType": ("Voeg dcat:mediaType toe (IANA), bijv. "
                       "https://www.iana.org/assignments/media-types/text/csv.",
                       "Add dcat:mediaType (IANA), e.g. https://www.iana.org/assignments/media-types/text/csv."),
    "dcat:landingPage": ("Voeg een dcat:landingPage toe: de webpagina over de dataset.",
                         "Add a dcat:landingPage: the web page about the dataset."),
    "dcat:keyword": ("Voeg trefwoorden toe (dcat:keyword), bijv. \"grondwater\"@nl.",
                     "Add keywords (dcat:keyword), e.g. \"grondwater\"@nl."),
    "dct:spatial": ("Voeg dct:spatial toe: het gebied waarover de data gaat (GeoNames- of EU place-URI, "
                    "of een dct:Location met dcat:bbox).",
                    "Add dct:spatial: the area the data covers (a GeoNames or EU place URI, or a "
                    "dct:Location with dcat:bbox)."),
    "dct:temporal": ("Voeg dct:temporal toe: een dct:PeriodOfTime met dcat:startDate en/of dcat:endDate.",
                     "Add dct:temporal: a dct:PeriodOfTime with dcat:startDate and/or dcat:endDate."),
    "dct:conformsTo": (
        "Voeg dct:conformsTo toe: de standaard waaraan de data voldoet (met rdf:type dct:Standard).",
        "Add dct:conformsTo: the standard the data conforms to (typed dct:Standard).",
    ),
    "foaf:page": ("Voeg documentatie toe (foaf:page): een webpagina met uitleg over de data.",
                  "Add documentation (foaf:page): a web page explaining the data."),
    "dcat:distribution": ("Voeg een dcat:distribution toe met dcat:accessURL en dct:license.",
                          "Add a dcat:distribution with dcat:accessURL and dct:license."),
    "dct:modified": ("Voeg dct:modified toe: de datum van de laatste wijziging (xsd:date of xsd:dateTime).",
                     "Add dct:modified: the date of the last change (xsd:date or xsd:dateTime)."),
    "dct:issued": ("Voeg dct:issued toe: de publicatiedatum (xsd:date of xsd:dateTime).",
                   "Add dct:issued: the publication date (xsd:date or xsd:dateTime)."),
    "dcat:downloadURL": ("Voeg dcat:downloadURL toe als het bestand direct te downloaden is.",
                         "Add dcat:downloadURL when the file can be downloaded directly."),
    "dcat:endpointURL": ("Voeg dcat:endpointURL toe: het adres van de dienst.",
                         "Add dcat:endpointURL: the address of the service."),
    "dcat:endpointDescription": (
        "Voeg precies één dcat:endpointDescription toe, bijv. de GetCapabilities-URL.",
        "Add exactly one dcat:endpointDescription, e.g. the GetCapabilities URL.",
    ),
    "dct:type": (
        "Voeg dct:type toe, bijv. http://purl.org/adms/publishertype/RegionalAuthority "
        "(met rdf:type skos:Concept).",
        "Add dct:type, e.g. http://purl.org/adms/publishertype/RegionalAuthority (typed skos:Concept).",
    ),
    "skos:prefLabel": ("Geef het begrip een naam (skos:prefLabel), bijv. de naam uit de codelijst: "
                       "\"Milieu\"@nl voor data-theme/ENVI.",
                       "Give the concept a name (skos:prefLabel), e.g. its name in the code list: "
                       "\"Environment\"@en for data-theme/ENVI."),
    "dcat:accessService": ("Verwijs met dcat:accessService naar de dcat:DataService (bijv. de WMS/WFS) "
                           "die deze distributie levert.",
                           "Point dcat:accessService at the dcat:DataService (e.g. the WMS/WFS) that serves "
                           "this distribution."),
    "dcatap:availability": ("Voeg dcatap:availability toe, bijv. "
                            "http://data.europa.eu/r5r/availability/stable.",
                            "Add dcatap:availability, e.g. http://data.europa.eu/r5r/availability/stable."),
}


@dataclass(frozen=True)
class Wording:
    message_nl: str
    message_en: str
    fix_nl: str
    fix_en: str


def word(
    *,
    problem: str,
    component: str,
    severity: str,
    class_nl: str,
    class_en: str,
    path: str,
    prop_nl: str,
    prop_en: str,
    value: str | None,
    parameter: str | None,
) -> Wording:
    """Turn one SHACL result into two sentences per language: what is wrong, and what to do."""
    p_nl, p_en = f"{prop_nl} ({path})", f"{prop_en} ({path})"
    shown = f" ‘{value}’" if value else ""
    if problem == MISSING:
        n = parameter or "1"
        if severity == "warning":
            msg_nl = f"{class_nl}: {p_nl} ontbreekt; dit wordt aanbevolen."
            msg_en = f"{class_en}: {p_en} is missing; it is recommended."
        else:
            msg_nl = f"{class_nl}: {p_nl} ontbreekt; minstens {n} is verplicht."
            msg_en = f"{class_en}: {p_en} is missing; at least {n} is mandatory."
        fix_nl, fix_en = MISSING_HINTS.get(path, (f"Voeg {path} toe.", f"Add {path}."))
    elif problem == TOO_MANY:
        n = parameter or "1"
        msg_nl = f"{class_nl} heeft te veel waarden voor {p_nl}; maximaal {n} toegestaan."
        msg_en = f"{class_en} has too many values for {p_en}; at most {n} allowed."
        fix_nl = f"Laat maximaal {n} waarde(n) voor {path} over."
        fix_en = f"Keep at most {n} value(s) for {path}."
        if path == "dct:identifier":
            fix_nl += " Zet andere identificaties in adms:identifier."
            fix_en += " Put other identifiers in adms:identifier."
    elif component == "ClassConstraintComponent":
        cls = parameter or "?"
        msg_nl = f"De waarde{shown} van {p_nl} heeft niet het type {cls}."
        msg_en = f"The value{shown} of {p_en} is not typed {cls}."
        fix_nl = (f"Voeg het triple <{value}> rdf:type {cls} toe; de validatie leidt types niet af, "
                  "ze moeten er expliciet staan." if value else f"Geef de waarde het type {cls}.")
        fix_en = (f"Add the triple <{value}> rdf:type {cls}; validation infers no types, "
                  "they must be stated." if value else f"Type the value as {cls}.")
    elif component == "NodeKindConstraintComponent":
        kind = parameter or ""
        if kind.endswith("Literal"):
            msg_nl = f"De waarde{shown} van {p_nl} moet tekst (een literal) zijn, geen URI."
            msg_en = f"The value{shown} of {p_en} must be text (a literal), not a URI."
            fix_nl, fix_en = f"Geef {path} als tekst, bijv. \"…\"@nl.", f"Give {path} as text, e.g. \"…\"@nl."
        else:
            msg_nl = f"De waarde{shown} van {p_nl} moet een URI zijn, geen tekst."
            msg_en = f"The value{shown} of {p_en} must be a URI, not text."
            fix_nl = f"Vervang de tekst door een URI (<https://…>) voor {path}."
            fix_en = f"Replace the text by a URI (<https://…>) for {path}."
    elif component == "DatatypeConstraintComponent":
        dt = parameter or "?"
        msg_nl = f"De waarde{shown} van {p_nl} heeft niet het datatype {dt}."
        msg_en = f"The value{shown} of {p_en} does not have datatype {dt}."
        fix_nl, fix_en = f"Schrijf de waarde als \"…\"^^{dt}.", f"Write the value as \"…\"^^{dt}."
    else:
        msg_nl = f"De waarde{shown} van {p_nl} voldoet niet aan de regel ({component})."
        msg_en = f"The value{shown} of {p_en} does not satisfy the rule ({component})."
        if path in ("dct:issued", "dct:modified", "dcat:startDate", "dcat:endDate"):
            fix_nl = "Gebruik een datum (xsd:date, bijv. \"2024-05-01\"^^xsd:date) of xsd:dateTime."
            fix_en = "Use a date (xsd:date, e.g. \"2024-05-01\"^^xsd:date) or xsd:dateTime."
        else:
            fix_nl = f"Controleer de waarde van {path} tegen de DCAT-AP-NL 3.0 specificatie."
            fix_en = f"Check the value of {path} against the DCAT-AP-NL 3.0 specification."
    return Wording(msg_nl, msg_en, fix_nl, fix_en)
