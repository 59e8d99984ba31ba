"""The project's URLs without the contract and provider pages, for the test that the key arguments page still
shows when the contract data it would link to has no page to link to."""

from django.urls import URLResolver

from insourcing.urls import urlpatterns as project_patterns

HIDDEN = {"contract_detail", "provider_detail"}


def _without_contract_pages(patterns, *, in_contracts=False):
    kept = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inside = in_contracts or pattern.namespace == "contracts"
            pattern = URLResolver(
                pattern.pattern,
                _without_contract_pages(pattern.url_patterns, in_contracts=inside),
                pattern.default_kwargs,
                pattern.app_name,
                pattern.namespace,
            )
        elif in_contracts and pattern.name in HIDDEN:
            continue
        kept.append(pattern)
    return kept


urlpatterns = _without_contract_pages(project_patterns)
