#!/usr/bin/env python3
"""Writes internal/web/openapi.json, the OpenAPI document of the internal API.

The field list of the description comes from the embedded copy of the national register's
schema, so titles and limits never drift from the standard. Run: python3 scripts/gen-openapi.py
"""
import json, os, sys
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
schema = json.load(open(os.path.join(root, "internal/standard/schema_v1_0.json")))

def find_algorithm_in(s):
    if isinstance(s, dict):
        if "AlgorithmIn" in s: return s["AlgorithmIn"]
        if "components" in s: return find_algorithm_in(s["components"])
        if "schemas" in s: return find_algorithm_in(s["schemas"])
        if "properties" in s and "name" in s["properties"]: return s
    raise SystemExit("AlgorithmIn not found in the embedded schema")
alg = find_algorithm_in(schema)
enums = {}
for src in (schema, schema.get("components", {}).get("schemas", {}), schema.get("schemas", {})):
    for k, v in src.items():
        if isinstance(v, dict) and "enum" in v: enums[k] = v["enum"]

def std_prop(name, p):
    out = {"title": p.get("title", name)}
    if p.get("help_text"): out["description"] = p["help_text"]
    ref = p.get("$ref") or next((a.get("$ref") for a in p.get("anyOf", []) if isinstance(a, dict) and a.get("$ref")), None)
    items = next((a.get("items") for a in p.get("anyOf", []) if isinstance(a, dict) and a.get("type") == "array"), None)
    if items is not None:
        iref = items.get("$ref", "")
        if "Enum" in iref:
            out.update({"type": "array", "nullable": True, "items": {"type": "string", "enum": enums.get(iref.split("/")[-1], [])}})
        else:
            out.update({"type": "array", "nullable": True, "items": {"$ref": "#/components/schemas/Link"}})
    elif ref and ref.split("/")[-1] in enums:
        out.update({"type": "string", "enum": enums[ref.split("/")[-1]]})
    else:
        out["type"] = "string"
    if p.get("max_length_without_html"):
        out["maxLength"] = p["max_length_without_html"] if not p.get("allowed_html_tags") else p["max_length_without_html"] * 4
        out["x-max-length-without-html"] = p["max_length_without_html"]
    if name in ("begin_date", "end_date"):
        out["format"] = "year-month"; out["pattern"] = "^[0-9]{4}-(0[1-9]|1[0-2])$"; out["example"] = "2024-05"
    if p.get("allowed_html_tags"): out["x-allowed-html-tags"] = p["allowed_html_tags"]
    return out

std_props = {k: std_prop(k, v) for k, v in alg["properties"].items() if k != "publication_dt"}
levels = ["ongerubriceerd", "dep-vertrouwelijk", "stg-confidentieel", "stg-geheim", "stg-zeer-geheim"]
states = ["concept", "submitted", "assessed", "approved", "not_published", "published", "withdrawn", "archived"]
internal_in = {
    "unit": {"type": "string", "description": "Code van het defensieonderdeel, bijv. KMAR.", "example": "KMAR"},
    "classification": {"type": "string", "enum": levels, "description": "Rubriceringsniveau van de beschrijving."},
    "owners": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}, "description": "Eigenaren en contactpersonen (intern; nooit gepubliceerd)."},
    "internal_notes": {"type": "string", "description": "Interne toelichting (nooit gepubliceerd)."},
}
assigned = {
    "id": {"type": "string", "readOnly": True, "example": "k5v2q7xw3m4ztr6b"},
    "revision": {"type": "integer", "readOnly": True},
    "state": {"type": "string", "enum": states, "readOnly": True},
    "impact_on_citizens": {"type": "boolean", "readOnly": True},
    "publication_category_override": {"type": "string", "readOnly": True},
    "publication_dt": {"type": "string", "format": "date-time", "readOnly": True, "nullable": True},
    "published_revision": {"type": "integer", "readOnly": True},
    "public_id": {"type": "string", "readOnly": True},
    "created_at": {"type": "string", "format": "date-time", "readOnly": True},
    "created_by": {"type": "string", "readOnly": True},
    "updated_at": {"type": "string", "format": "date-time", "readOnly": True},
    "updated_by": {"type": "string", "readOnly": True},
}
hdr_version = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
def headers(**extra):
    h = dict(hdr_version)
    for k, v in extra.items(): h[k.replace("_", "-")] = {"$ref": "#/components/headers/" + k.replace("_", "-")}
    return h
def problem(desc):
    return {"description": desc, "headers": headers(), "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
common_err = {"401": {"$ref": "#/components/responses/Unauthorized"}, "500": {"$ref": "#/components/responses/InternalError"}, "503": {"$ref": "#/components/responses/Unavailable"}}
def ok(desc, schema, status="200", **h):
    return {status: {"description": desc, "headers": headers(**h), "content": {"application/json": {"schema": schema}}}}
id_param = {"name": "id", "in": "path", "required": True, "description": "Id van de beschrijving.", "schema": {"type": "string"}}
ref = lambda n: {"$ref": "#/components/schemas/" + n}

doc = {
  "openapi": "3.0.3",
  "info": {
    "title": "algoreg interne API",
    "version": "1.0.0",
    "description": "De interne API van het algoritmeregister van Defensie. Beschrijvingen volgen de publicatiestandaard v1.0 van het Algoritmeregister, aangevuld met interne velden. Een beschrijving die u niet mag zien, bestaat voor u niet (404). Fouten zijn application/problem+json; ongeldige invoer noemt alle problemen tegelijk in invalidParams.",
    "contact": {"name": "Beheer algoritmeregister Defensie", "email": "algoritmeregister@mindef.nl", "url": "https://www.defensie.nl/contact"},
    "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
  },
  "servers": [{"url": "https://algoreg.mindef.nl/api/v1", "description": "Intern (voorbeeld)"}],
  "tags": [{"name": "Beschrijvingen", "description": "Algoritmebeschrijvingen in het interne register"}, {"name": "Beoordeling", "description": "Classificatie (AI-verordening, publicatiecategorie) en publicatiebesluit"}, {"name": "Voortgang", "description": "Voortgangsoverzicht voor coördinatoren, besluitvormers en het CIO-bureau"}, {"name": "Audit", "description": "De manipulatiebestendige audittrail"}, {"name": "API", "description": "Over de API zelf"}],
  "security": [{"bearer": []}],
  "paths": {
    "/openapi.json": {"get": {"tags": ["API"], "operationId": "getOpenapi", "summary": "Dit OpenAPI-document", "security": [],
        "responses": {"200": {"description": "Het document", "headers": headers(), "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    "/algorithms": {
      "get": {"tags": ["Beschrijvingen"], "operationId": "listAlgorithms", "summary": "Beschrijvingen die u mag zien",
        "parameters": [
          {"name": "q", "in": "query", "description": "Zoekvraag (Nederlands: stammen, samenstellingen, typefouten).", "schema": {"type": "string", "maxLength": 200}},
          {"name": "unit", "in": "query", "schema": {"type": "string"}},
          {"name": "status", "in": "query", "schema": {"type": "string", "enum": std_props["status"].get("enum", [])}},
          {"name": "publicationCategory", "in": "query", "schema": {"type": "string", "enum": std_props["publication_category"].get("enum", [])}},
          {"name": "state", "in": "query", "schema": {"type": "string", "enum": states}},
          {"name": "classification", "in": "query", "schema": {"type": "string", "enum": levels}},
          {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["name", "unit", "updated", "-updated"]}},
          {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
          {"name": "pageSize", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
        "responses": {**ok("Een pagina beschrijvingen", ref("DescriptionList"), X_Classification=1), "400": {"$ref": "#/components/responses/BadRequest"}, **common_err}},
      "post": {"tags": ["Beschrijvingen"], "operationId": "createAlgorithm", "summary": "Nieuwe beschrijving (als concept)",
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("DescriptionInput")}}},
        "responses": {"201": {"description": "Aangemaakt", "headers": headers(Location=1, ETag=1, X_Classification=1), "content": {"application/json": {"schema": ref("Description")}}},
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}, **common_err}}},
    "/algorithms/{id}": {
      "parameters": [id_param],
      "get": {"tags": ["Beschrijvingen"], "operationId": "getAlgorithm", "summary": "Eén beschrijving",
        "responses": {**ok("De beschrijving", ref("Description"), ETag=1, X_Classification=1),
          "304": {"description": "Niet gewijzigd", "headers": headers(ETag=1)},
          "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}, **common_err}},
      "put": {"tags": ["Beschrijvingen"], "operationId": "replaceAlgorithm", "summary": "Vervang de inhoud (nieuwe versie)",
        "parameters": [{"name": "If-Match", "in": "header", "required": True, "description": "De ETag van de versie die u bewerkte.", "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("DescriptionInput")}}},
        "responses": {**ok("De nieuwe versie", ref("Description"), ETag=1, X_Classification=1),
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"}, "412": problem("De beschrijving is intussen gewijzigd"), "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}, "428": problem("If-Match ontbreekt"), **common_err}}},
    "/algorithms/{id}/revisions": {
      "parameters": [id_param],
      "get": {"tags": ["Beschrijvingen"], "operationId": "listAlgorithmRevisions", "summary": "Alle versies, nieuwste eerst",
        "responses": {**ok("Versies", ref("RevisionList"), X_Classification=1), "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}, **common_err}}},
    "/algorithms/{id}/transitions": {
      "parameters": [id_param],
      "post": {"tags": ["Beschrijvingen"], "operationId": "transitionAlgorithm", "summary": "Een workflowstap",
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("TransitionInput")}}},
        "responses": {**ok("De beschrijving na de stap", ref("Description"), ETag=1, X_Classification=1),
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}, **common_err}}},
    "/algorithms/{id}/classification": {
      "parameters": [id_param],
      "get": {"tags": ["Beoordeling"], "operationId": "getAlgorithmClassification", "summary": "De vastgelegde classificatie met uitkomst",
        "responses": {**ok("Feiten, uitkomst, regelversie, redenen en verplichtingen", ref("ClassificationResult")), "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}, **common_err}},
      "put": {"tags": ["Beoordeling"], "operationId": "classifyAlgorithm", "summary": "Leg de classificatiefeiten vast; het register leidt de uitkomst af",
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ClassificationFacts")}}},
        "responses": {**ok("De afgeleide uitkomst", ref("ClassificationResult")), "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}, **common_err}}},
    "/algorithms/{id}/publication-assessment": {
      "parameters": [id_param],
      "get": {"tags": ["Beoordeling"], "operationId": "getAlgorithmPublicationAssessment", "summary": "Het vastgelegde publicatiebesluit met het advies van het risicomodel",
        "responses": {**ok("Het besluit", ref("AssessmentResult")), "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}, **common_err}},
      "put": {"tags": ["Beoordeling"], "operationId": "assessAlgorithmPublication", "summary": "Leg het publicatiebesluit vast, veld voor veld",
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("PublicationAssessment")}}},
        "responses": {**ok("Het besluit met het advies", ref("AssessmentResult")), "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}, "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}, **common_err}}},
    "/algorithms/{id}/publication-preview": {
      "parameters": [id_param],
      "get": {"tags": ["Beoordeling"], "operationId": "previewAlgorithmPublication", "summary": "Interne en publieke tekst naast elkaar, met de controle vóór publicatie",
        "responses": {**ok("Voorvertoning per veld en de bevindingen", {"type": "object", "properties": {
            "fields": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "title": {"type": "string"}, "internal": {"type": "string"}, "public": {"type": "string"}, "action": {"type": "string"}}}},
            "findings": {"type": "array", "items": {"type": "object", "properties": {"description_id": {"type": "string"}, "name": {"type": "string"}, "field": {"type": "string"}, "reason": {"type": "string"}, "kind": {"type": "string"}}}}}}),
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}, **common_err}}},
    "/progress": {
      "get": {"tags": ["Voortgang"], "operationId": "getProgress", "summary": "Voortgang per eenheid en in totaal, over wat u mag zien",
        "parameters": [{"name": "year", "in": "query", "description": "Verslagjaar (standaard het huidige).", "schema": {"type": "integer", "minimum": 2000}}],
        "responses": {**ok("De kengetallen", {"type": "object", "description": "Kengetallen per eenheid (units) en in totaal (total); zie docs/report.md voor de betekenis van elk getal."}, X_Classification=1),
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, **common_err}}},
    "/audit-entries": {
      "get": {"tags": ["Audit"], "operationId": "listAuditEntries", "summary": "De audittrail (auditor en beheerder), oudste eerst",
        "parameters": [
          {"name": "actor", "in": "query", "description": "Deel van de gebruiker (e-mail).", "schema": {"type": "string"}},
          {"name": "action", "in": "query", "description": "Deel van de handeling, bijv. description.update.", "schema": {"type": "string"}},
          {"name": "object", "in": "query", "description": "Deel van het object, bijv. description:ID.", "schema": {"type": "string"}},
          {"name": "result", "in": "query", "schema": {"type": "string", "enum": ["ok", "refused", "failed"]}},
          {"name": "after", "in": "query", "description": "Alleen regels na dit volgnummer (voor bladeren).", "schema": {"type": "integer", "minimum": 0}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}],
        "responses": {**ok("Auditregels", ref("AuditList")), "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, **common_err}}},
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Een token van `algoreg token create`."}},
    "headers": {
      "API-Version": {"description": "De volledige versie van deze API.", "schema": {"type": "string", "example": "1.0.0"}},
      "ETag": {"description": "De versie van de beschrijving; stuur die mee in If-Match.", "schema": {"type": "string"}},
      "Location": {"description": "Het adres van de nieuwe beschrijving.", "schema": {"type": "string"}},
      "X-Classification": {"description": "De hoogste rubricering in dit antwoord.", "schema": {"type": "string", "enum": levels}},
      "Retry-After": {"description": "Seconden tot een nieuwe poging zin heeft.", "schema": {"type": "integer"}},
    },
    "responses": {
      "BadRequest": problem("Ongeldige invoer; invalidParams noemt elk probleem"),
      "Unauthorized": problem("Niet aangemeld of ongeldig token"),
      "Forbidden": problem("U mag deze stap niet zetten"),
      "NotFound": problem("Bestaat niet, of u mag het niet zien"),
      "Conflict": problem("De status laat dit niet toe"),
      "TooLarge": problem("Het verzoek is te groot"),
      "UnsupportedMediaType": problem("Stuur application/json"),
      "InternalError": problem("Interne fout"),
      "Unavailable": {"description": "De database is tijdelijk niet bereikbaar", "headers": headers(Retry_After=1), "content": {"application/problem+json": {"schema": ref("Problem")}}},
    },
    "schemas": {
      "Link": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}, "link": {"type": "string"}}},
      "Person": {"type": "object", "required": ["name", "role"], "properties": {"name": {"type": "string"}, "email": {"type": "string"}, "role": {"type": "string", "example": "algoritme-eigenaar"}}},
      "DescriptionInput": {"type": "object", "required": ["name", "unit", "classification"], "additionalProperties": False,
        "description": "Wat u aan een beschrijving kunt zetten. Velden die het register zelf toekent (id, revision, state, …) mogen worden meegestuurd en worden genegeerd.",
        "properties": {**std_props, **internal_in, **assigned}},
      "Description": {"type": "object", "properties": {**std_props, **internal_in, **assigned}},
      "DescriptionList": {"type": "object", "required": ["items", "total"], "properties": {"items": {"type": "array", "items": ref("Description")}, "total": {"type": "integer"}, "page": {"type": "integer"}, "pageSize": {"type": "integer"}}},
      "Revision": {"type": "object", "properties": {"description_id": {"type": "string"}, "revision": {"type": "integer"}, "saved_at": {"type": "string", "format": "date-time"}, "saved_by": {"type": "string"}, "snapshot": ref("Description")}},
      "RevisionList": {"type": "object", "required": ["items", "total"], "properties": {"items": {"type": "array", "items": ref("Revision")}, "total": {"type": "integer"}}},
      "TransitionInput": {"type": "object", "required": ["action"], "additionalProperties": False, "properties": {
          "action": {"type": "string", "enum": ["submit", "assess", "approve", "decline", "withdraw", "return", "archive"]},
          "comment": {"type": "string", "description": "Toelichting; verplicht bij return."}}},
      "ClassificationFacts": {"type": "object", "additionalProperties": False, "properties": {
          "is_algorithm": {"type": "boolean"}, "is_ai_system": {"type": "boolean"}, "is_general_purpose_ai": {"type": "boolean"},
          "exclusion": {"type": "string", "enum": ["none", "military_defence_national_security", "scientific_research", "pre_market_research", "third_country_cooperation"]},
          "used_exclusively_for_excluded_purpose": {"type": "boolean"},
          "prohibited_practice": {"type": "string", "enum": ["none", "5.1.a", "5.1.b", "5.1.c", "5.1.d", "5.1.e", "5.1.f", "5.1.g", "5.1.h"]},
          "annex_i_product": {"type": "string", "enum": ["none", "section_a", "section_b"]},
          "annex_iii_area": {"type": "string", "enum": ["none", "1.a", "1.b", "1.c", "2", "3.a", "3.b", "3.c", "3.d", "4.a", "4.b", "5.a", "5.b", "5.c", "5.d", "6.a", "6.b", "6.c", "6.d", "6.e", "7.a", "7.b", "7.c", "7.d", "8.a", "8.b"]},
          "profiles_natural_persons": {"type": "boolean"},
          "article_6_3_condition": {"type": "string", "enum": ["none", "a", "b", "c", "d"]},
          "article_50": {"type": "array", "items": {"type": "string", "enum": ["interacts_with_persons", "generates_synthetic_content", "emotion_recognition_or_biometric_categorisation", "deep_fake"]}},
          "legal_effects": {"type": "boolean"}, "classifies_or_contacts_persons": {"type": "boolean"}, "judged_impactful": {"type": "boolean"}, "impact_on_citizens": {"type": "boolean"},
          "override": {"type": "object", "nullable": True, "description": "Afwijkende publicatiecategorie, alleen met motivering.", "required": ["category", "motivation"],
            "properties": {"category": {"type": "string", "enum": ["Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"]}, "motivation": {"type": "string"}}}}},
      "ClassificationResult": {"type": "object", "properties": {
          "facts": {"type": "object"},
          "ai_act": {"type": "object", "properties": {"applies": {"type": "boolean"}, "risk_group": {"type": "string", "enum": ["prohibited", "high_risk", "not_high_risk", "excluded", "not_applicable"]},
              "transparency_obligation": {"type": "boolean"}, "eu_database": {"type": "string", "enum": ["none", "public", "secure_non_public", "national"]}}},
          "publication_category": {"type": "string", "enum": ["Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"]},
          "register_required": {"type": "boolean"}, "rule_version": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}},
          "obligations": {"type": "array", "items": {"type": "object", "properties": {"article": {"type": "string"}, "title": {"type": "string"}, "from": {"type": "string", "format": "date"}}}},
          "override": {"type": "object", "nullable": True, "properties": {"category": {"type": "string"}, "motivation": {"type": "string"}}},
          "by": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}},
      "FieldDecision": {"type": "object", "required": ["action"], "properties": {"action": {"type": "string", "enum": ["publish", "redact", "omit"]}, "ground": {"type": "string"}, "motivation": {"type": "string"}}},
      "Advice": {"type": "object", "required": ["from", "received_on", "summary"], "properties": {"from": {"type": "string"}, "reference": {"type": "string"}, "received_on": {"type": "string", "format": "date"}, "summary": {"type": "string"}}},
      "PublicationAssessment": {"type": "object", "required": ["decision"], "properties": {
          "decision": {"type": "string", "enum": ["publish_full", "publish_partial", "do_not_publish"]},
          "grounds": {"type": "array", "items": {"type": "string", "example": "5.1.1.b"}},
          "motivation": {"type": "string"},
          "review_on": {"type": "string", "format": "date"},
          "fields": {"type": "object", "additionalProperties": ref("FieldDecision")},
          "advice": {"type": "array", "items": ref("Advice")},
          "risk": {"type": "object", "description": "Antwoorden op de vragen van het publicatierisicomodel, per vraag-id.", "additionalProperties": {"type": "object", "properties": {"value": {"type": "string"}, "fields": {"type": "array", "items": {"type": "string"}}, "note": {"type": "string"}}}}}},
      "AssessmentResult": {"allOf": [ref("PublicationAssessment"), {"type": "object", "properties": {
          "model_version": {"type": "string"}, "suggestion": {"type": "string"}, "by": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
          "suggested": {"type": "object", "properties": {"decision": {"type": "string"}, "fields": {"type": "object", "additionalProperties": ref("FieldDecision")}, "grounds": {"type": "array", "items": {"type": "string"}}, "reasons": {"type": "array", "items": {"type": "string"}}, "model_version": {"type": "string"}, "score": {"type": "integer"}}}}}]},
      "AuditEntry": {"type": "object", "properties": {"seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}, "action": {"type": "string"},
          "object": {"type": "string"}, "revision": {"type": "integer"}, "result": {"type": "string"}, "origin": {"type": "string"}, "detail": {"type": "string"}, "prev_hash": {"type": "string"}, "hash": {"type": "string"}}},
      "AuditList": {"type": "object", "required": ["items", "total"], "properties": {"items": {"type": "array", "items": ref("AuditEntry")}, "total": {"type": "integer"}}},
      "InvalidParam": {"type": "object", "required": ["name", "reason"], "properties": {"name": {"type": "string"}, "reason": {"type": "string"}}},
      "Problem": {"type": "object", "required": ["status", "title", "detail"], "properties": {
          "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}, "instance": {"type": "string"},
          "invalidParams": {"type": "array", "items": ref("InvalidParam")}}},
    },
  },
}
extra = os.path.join(root, "scripts", "openapi-extra.json")
if os.path.exists(extra):
    ex = json.load(open(extra))
    doc["paths"].update(ex.get("paths", {}))
    doc["components"]["schemas"].update(ex.get("schemas", {}))
json.dump(doc, open(os.path.join(root, "internal/web/openapi.json"), "w"), ensure_ascii=False, indent=1)
print("internal/web/openapi.json written")
