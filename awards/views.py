"""Public pages for awards. Every queryset starts from Award.objects.public()."""

from django.db.models import Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article

from .models import Award, AwardForm, AwardRecipient, Recipient


def _public_awards():
    return Award.objects.public().select_related("form")


class AwardIndexView(TemplateView):
    page_cache_params = frozenset()  # the query parameters it reads, for the page cache
    """The years that have public awards, newest first, with their counts."""

    template_name = "awards/award_index.html"

    def get_context_data(self, **kwargs):
        years = _public_awards().values("year").annotate(total=Count("pk")).order_by("-year")
        return super().get_context_data(years=list(years), **kwargs)


class AwardYearView(ListView):
    """Public awards of one year, filtered by issuer (?issuer=) and form (?form=slug)."""

    template_name = "awards/award_year.html"
    context_object_name = "awards"
    paginate_by = 50
    page_cache_params = frozenset({"page", "issuer", "form"})

    def get_queryset(self):
        self.year = self.kwargs["year"]
        of_year = _public_awards().filter(year=self.year)
        # A year with no public award does not exist for readers, even if it has internal ones.
        self.issuers = sorted(set(of_year.values_list("issuer_title", flat=True)))
        if not self.issuers:
            raise Http404
        self.forms = list(AwardForm.objects.filter(awards__in=of_year).distinct())
        self.issuer = self.request.GET.get("issuer", "").strip()
        self.form_slug = self.request.GET.get("form", "").strip()
        awards = of_year.prefetch_related(
            Prefetch("recipient_links", queryset=AwardRecipient.objects.select_related("recipient")))
        if self.issuer:
            awards = awards.filter(issuer_title=self.issuer)
        if self.form_slug:
            awards = awards.filter(form__slug=self.form_slug)
        return awards.order_by(F("decision_date").desc(nulls_last=True), "decision_number", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, issuers=self.issuers, forms=self.forms,
                                        selected_issuer=self.issuer, selected_form=self.form_slug, **kwargs)


class AwardDetailView(DetailView):
    page_cache_params = frozenset()
    template_name = "awards/award_detail.html"
    context_object_name = "award"

    def get_queryset(self):
        return _public_awards().prefetch_related(
            Prefetch("recipient_links", queryset=AwardRecipient.objects.select_related("recipient")),
            Prefetch("articles", queryset=Article.objects.live().select_related("section").order_by("-publish_at"), to_attr="live_articles"))


class RecipientDetailView(DetailView):
    page_cache_params = frozenset()
    """Everything public one recipient received, across years."""

    template_name = "awards/recipient_detail.html"
    context_object_name = "recipient"

    def get_object(self, queryset=None):
        recipient = get_object_or_404(Recipient, slug=self.kwargs["slug"])
        links = list(AwardRecipient.objects.filter(recipient=recipient, award__in=Award.objects.public())
                     .select_related("award__form")
                     .order_by("-award__year", F("award__decision_date").desc(nulls_last=True), "award__decision_number",
                               "award__pk"))
        # A recipient with only internal awards does not exist for readers.
        if not links:
            raise Http404
        recipient.public_links = links
        return recipient
