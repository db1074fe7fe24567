"""``{% pagination page %}`` : pagination DSFR qui conserve les filtres de la requête."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page):
    pages = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return {"request": context["request"], "page": page, "pages": pages, "points": page.paginator.ELLIPSIS}
