"""The public comment form (no account) and the admin forms of the register."""

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalize

from .consultation import CommentData
from .models import ConsultationPart

_PHONE = re.compile(r"^\+?[0-9 .()\-]{8,20}$")


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    email = forms.EmailField(label=_("Thư điện tử"), required=False, max_length=254)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)
    organisation = forms.CharField(label=_("Cơ quan, tổ chức (không bắt buộc)"), required=False, max_length=200)
    part = forms.ModelChoiceField(label=_("Góp ý cho phần"), queryset=ConsultationPart.objects.none(),
                                  required=False, empty_label=_("Toàn bộ dự thảo"))
    body = forms.CharField(label=_("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 8}))
    publish_name = forms.BooleanField(label=_("Tôi đồng ý công khai họ tên khi góp ý được đăng"), required=False)
    # Hidden from people by documents.css; robots fill it in.
    website = forms.CharField(label=_("Để trống ô này"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    ts = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, consultation, parts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = ConsultationPart.objects.filter(consultation=consultation)
        if parts is not None:
            # The page already has the parts: no second query to list them.
            self.fields["part"].choices = [("", _("Toàn bộ dự thảo"))] + [(part.pk, str(part)) for part in parts]
        limit = settings.DOCUMENT_COMMENT_MAX_CHARS
        self.fields["body"].max_length = limit
        self.fields["body"].validators.append(MaxLengthValidator(limit))
        self.fields["body"].widget.attrs["maxlength"] = str(limit)
        for name in ("name", "body"):
            self.fields[name].error_messages["required"] = _("Vui lòng nhập %(label)s.") % {
                "label": str(self.fields[name].label).lower()}
        self.fields["email"].error_messages["invalid"] = _("Địa chỉ thư điện tử không hợp lệ.")
        self.fields["part"].error_messages["invalid_choice"] = _("Phần được chọn không thuộc dự thảo này.")
        for name, field in self.fields.items():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "%(label)s dài quá: tối đa %%(limit_value)d ký tự (hiện có %%(show_value)d).") % {
                    "label": field.label}

    def clean_name(self):
        return " ".join(normalize(self.cleaned_data["name"]).split())

    def clean_organisation(self):
        return " ".join(normalize(self.cleaned_data["organisation"]).split())

    def clean_body(self):
        body = normalize(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError(_("Vui lòng nhập nội dung góp ý."))
        return body

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ: chỉ gồm chữ số (8–15 số), có thể có dấu +, "
                                          "dấu cách hoặc gạch nối."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(_("Vui lòng để lại thư điện tử hoặc số điện thoại để đơn vị có thể liên hệ."))
        return cleaned

    def comment_data(self) -> CommentData:
        data = self.cleaned_data
        return CommentData(name=data["name"], body=data["body"], email=data["email"], phone=data["phone"],
                           organisation=data["organisation"], part=data["part"], publish_name=data["publish_name"])
