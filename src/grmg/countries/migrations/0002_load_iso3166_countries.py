"""Load every ISO 3166-1 country from pycountry, so rounds and memberships can refer to any of them."""

from django.db import migrations


def load(apps, schema_editor):
    import pycountry

    Country = apps.get_model("countries", "Country")
    existing = set(Country.objects.values_list("iso3", flat=True))
    Country.objects.bulk_create(
        Country(iso3=c.alpha_3, name=getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
        if c.alpha_3 not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_country")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
