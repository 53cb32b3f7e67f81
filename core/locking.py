"""Optimistic locking for admin forms: a form built from an older version of a record is refused.

Every change form, and every existing row of its inlines, carries a hidden signed stamp of the
version it was built from: a short digest of the stored value of each field the form edits
(many-to-many fields included). On save, inside the admin's transaction, the stored row is read
again with SELECT ... FOR UPDATE; when a digest no longer matches, the whole save is refused
with a message naming each field that changed and its value now. Digests rather than values
keep the page small (a source's passages would otherwise travel twice) while still naming the
changed fields: their current values come from the locked row. No schema change is needed.
"""

import hashlib
import json
from functools import cached_property

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

LOCK_FIELD = "lock_token"
LOCK_SALT = "core.locking"
# Long enough to recognise a value, short enough for an error message.
VALUE_LENGTH = 80

STALE_RECORD = _(
    "Someone else saved this record after you opened it, so nothing was saved. Reload the page "
    "to see the current version, then make your changes again. Changed since you opened it:"
)
STALE_ROW = _(
    "Someone else changed this row after you opened the page, so nothing was saved. Reload the "
    "page to see the current version, then make your changes again. Changed since you opened it:"
)
STALE_DELETION = _(
    "“%(row)s”, which you marked for deletion, was changed by someone else after you opened the "
    "page, so nothing was saved. Reload the page, then make your changes again. Changed since "
    "you opened it:"
)
DELETED_ROW = _(
    "Someone else deleted this row after you opened the page, so nothing was saved. Reload the "
    "page, then make your changes again."
)
DELETED_RECORD = _("Someone else deleted this record after you opened it, so nothing was saved.")
GONE_ROW = _(
    "“%(row)s” was deleted by someone else after you opened the page, so nothing was saved. "
    "Reload the page, then make your changes again."
)
BAD_TOKEN = _(
    "This form does not carry a valid version stamp of the record (the page is incomplete or "
    "was altered), so nothing was saved. Reload the page, then make your changes again."
)
CHANGED_FIELD = _("%(field)s is now “%(value)s”")
EMPTY_VALUE = _("(empty)")
YES = _("yes")
NO = _("no")


def locked_fields(model, names):
    """Return the model's fields among these form field names, the primary key left out."""
    names = set(names)
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name in names and not field.primary_key
    ]


def _stored_value(row, field):
    if field.many_to_many:
        return sorted(related.pk for related in field.value_from_object(row))
    value = field.value_from_object(row)
    # A form saves an untouched empty translation as "" where an import left NULL: no change.
    return "" if value is None else value


def _digest(value):
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def lock_token(row, fields):
    """Return the signed version stamp of these fields of a stored row."""
    payload = {
        "model": row._meta.label_lower,
        "pk": str(row.pk),
        "fields": {field.name: _digest(_stored_value(row, field)) for field in fields},
    }
    return signing.dumps(payload, salt=LOCK_SALT, compress=True)


def read_lock_token(token):
    """Return the payload of a version stamp, or raise ValidationError when it is not one."""
    try:
        payload = signing.loads(token, salt=LOCK_SALT)
    except signing.BadSignature:
        raise ValidationError(BAD_TOKEN, code="bad_token") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("fields"), dict):
        raise ValidationError(BAD_TOKEN, code="bad_token")
    return payload


def in_transaction(model):
    """Say whether a model's writes run inside a transaction now, so a row lock would hold."""
    return transaction.get_connection(router.db_for_write(model)).in_atomic_block


def lock_rows(model, pks):
    """Return the stored rows with these keys by key, locked until the transaction ends."""
    rows = model._base_manager.filter(pk__in=pks)
    # Outside a transaction a lock would end at once (and Django refuses it); compare anyway.
    if in_transaction(model):
        rows = rows.select_for_update()
    return {row.pk: row for row in rows}


def display_value(row, field):
    """Return a field's stored value as a curator reads it, shortened."""
    if field.many_to_many:
        text = ", ".join(str(related) for related in getattr(row, field.name).all())
    elif field.is_relation:
        related = getattr(row, field.name)
        text = "" if related is None else str(related)
    else:
        value = field.value_from_object(row)
        if value is None or value == "":
            text = ""
        elif field.flatchoices:
            text = str(dict(field.flatchoices).get(value, value))
        elif isinstance(field, models.BooleanField):
            text = str(YES if value else NO)
        elif isinstance(value, str):
            text = value
        else:
            text = str(formats.localize(value))
    return Truncator(text).chars(VALUE_LENGTH) if text else str(EMPTY_VALUE)


def describe_changes(row, fields):
    """Return one message per field: its name and the value it has now."""
    return [
        CHANGED_FIELD % {"field": capfirst(field.verbose_name), "value": display_value(row, field)} for field in fields
    ]


class LockedFormMixin:
    """Carry the version stamp of the record a model form was built from, and refuse a stale save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock_error = None
        self.lock_row = None
        # Named now, before a formset adds its own fields (key, parent, deletion box). A disabled
        # field keeps its stored value whatever is posted, so a change to it loses nothing.
        self.lock_field_names = [name for name, field in self.fields.items() if not field.disabled]
        self.fields[LOCK_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not self.is_bound and self.instance.pk is not None:
            row = self.instance
            if hasattr(row, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
                # A revert form shows an old version; the save replaces the stored one.
                row = type(row)._base_manager.filter(pk=row.pk).first()
            if row is not None:
                self.initial[LOCK_FIELD] = lock_token(row, self.lock_fields())

    def lock_fields(self):
        """Return the model fields this form writes."""
        return locked_fields(self._meta.model, self.lock_field_names)

    def locked_row(self):
        """Return the stored row of this form's record, locked, or None when it is gone."""
        rows_of_formset = getattr(self, "locked_rows_of_formset", None)
        rows = rows_of_formset() if rows_of_formset else lock_rows(self._meta.model, [self.instance.pk])
        return rows.get(self.instance.pk)

    def clean(self):
        try:
            self.check_lock()
        except ValidationError as error:
            self.lock_error = error
            self.add_error(None, error)
        return super().clean()

    def check_lock(self):
        """Raise ValidationError when the record changed since the form was built."""
        token = self.cleaned_data.get(LOCK_FIELD, "")
        in_formset = getattr(self, "locked_rows_of_formset", None) is not None
        if self.instance.pk is None and not (in_formset and token):
            return  # a new record or row (or a copy saved as new): nothing to be stale against
        if not token:
            raise ValidationError(BAD_TOKEN, code="bad_token")
        payload = read_lock_token(token)
        if payload.get("model") != self._meta.model._meta.label_lower:
            raise ValidationError(BAD_TOKEN, code="bad_token")
        if self.instance.pk is None:
            # The formset found no row with the key this row was built for.
            raise ValidationError(DELETED_ROW, code="deleted_row")
        if payload.get("pk") != str(self.instance.pk):
            raise ValidationError(BAD_TOKEN, code="bad_token")
        fields = {field.name: field for field in self.lock_fields()}
        if not set(fields) <= set(payload["fields"]):
            raise ValidationError(BAD_TOKEN, code="bad_token")
        row = self.lock_row = self.locked_row()
        if row is None:
            raise ValidationError(DELETED_ROW if in_formset else DELETED_RECORD, code="deleted_row")
        changed = [
            field for name, field in fields.items() if payload["fields"][name] != _digest(_stored_value(row, field))
        ]
        if changed:
            intro = STALE_ROW if in_formset else STALE_RECORD
            raise ValidationError(
                [ValidationError(message, code="stale") for message in [intro, *describe_changes(row, changed)]]
            )


class LockedFormSetMixin:
    """Lock an inline formset's rows in one query, and refuse a stale or unstamped deletion."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not getattr(self, "save_as_new", False):  # rows copied into a new record are all new
            form.locked_rows_of_formset = self.locked_rows
        return form

    def locked_rows(self):
        """Return the stored rows of this formset's existing forms by key, locked."""
        return self._locked_rows

    @cached_property
    def _locked_rows(self):
        pks = [form.instance.pk for form in self.forms if form.instance.pk is not None]
        return lock_rows(self.model, pks)

    def clean(self):
        super().clean()
        errors = []
        for form in self.forms:
            if form.lock_error is None:
                continue
            code = form.lock_error.error_list[0].code
            marked_for_deletion = self.can_delete and self._should_delete_form(form)
            if code == "deleted_row":
                # The admin shows no row for a record that is gone, so the form's error would be unseen.
                if not marked_for_deletion:  # deleting a row that is already gone loses nothing
                    errors.append(GONE_ROW % {"row": str(form.instance)})
            elif marked_for_deletion:
                # A formset ignores the errors of a row marked for deletion, so they are raised here.
                if code == "stale":
                    errors.append(STALE_DELETION % {"row": str(form.lock_row)})
                    errors.extend(form.lock_error.messages[1:])
                else:
                    errors.extend(form.lock_error.messages)
        if errors:
            raise ValidationError(errors)


def _fields_without_lock(fields):
    return None if fields is None else [name for name in fields if name != LOCK_FIELD]


def _with_lock_fieldset(fieldsets):
    if LOCK_FIELD in flatten_fieldsets(fieldsets):
        return fieldsets
    return [*fieldsets, (None, {"fields": [LOCK_FIELD], "classes": ["hidden"]})]


class LockedAdminMixin:
    """Refuse a change form, or a revert form, built from an older version of the record."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not self.has_change_permission(request, obj):
            return fieldsets
        return _with_lock_fieldset(fieldsets)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The stamp is not a model field: the form adds it, so model forms must not look for it.
        fields = kwargs.pop("fields") if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        form = super().get_form(request, obj, change=change, fields=_fields_without_lock(fields), **kwargs)
        return type(form.__name__, (LockedFormMixin, form), {})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST" and in_transaction(self.model):
            # The save writes every field, read-only ones too (a Curator's `published`), so they
            # are read again under the lock: no change made since the admin's first read is lost.
            lock_rows(self.model, [obj.pk])
            obj.refresh_from_db()
        return obj

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a revert outside a transaction; the lock needs one.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class LockedInlineMixin:
    """Refuse an inline row built from an older version of it, or one deleted since."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not self.has_change_permission(request, obj):
            return fieldsets
        return _with_lock_fieldset(fieldsets)

    def get_formset(self, request, obj=None, **kwargs):
        fields = kwargs.pop("fields") if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        formset = super().get_formset(request, obj, fields=_fields_without_lock(fields), **kwargs)
        form = type(formset.form.__name__, (LockedFormMixin, formset.form), {})
        return type(formset.__name__, (LockedFormSetMixin, formset), {"form": form})
