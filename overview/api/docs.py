"""A plain page describing the API from its own OpenAPI schema (Swagger UI would need a CDN or inline script)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator


def _fields(schema: dict, components: dict) -> list[dict]:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    results = schema.get("properties", {}).get("results")
    if results:  # a paginated list: describe one item
        return _fields(results["items"], components)
    return [
        {
            "name": name,
            "type": spec.get("type") or spec.get("$ref", "").rsplit("/", 1)[-1] or "object",
            "description": spec.get("description", ""),
        }
        for name, spec in schema.get("properties", {}).items()
    ]


def endpoints() -> list[dict]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        response = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        found.append(
            {
                "path": path,
                "description": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
                "fields": _fields(response.get("schema", {}), components),
            }
        )
    return found


@login_required
@require_GET
def api_docs(request):
    return render(request, "api/docs.html", {"endpoints": endpoints()})
