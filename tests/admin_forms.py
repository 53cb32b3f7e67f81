"""Read the admin's forms as a browser would send them back."""


def form_data(response):
    """Return the POST data a browser would send for the admin form in this response."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[f"{formset.prefix}-{index}-{name}"] = "on" if value is True else str(value)
    return data
