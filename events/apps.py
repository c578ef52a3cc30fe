from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_event_types(sender, **kwargs):
    """Seed the four event types after migrate (and after a test flush), as staff may edit."""
    from events.models import EventType

    EventType.ensure_defaults()


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Événements et formations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events import demo, home_section
        from lune_site.demo import register_demo
        from lune_site.models import register_home_section
        from lune_site.setup import register_permissions, register_section

        register_section(
            "evenements",
            "events.EventIndexPage",
            "Événements",
            intro="<p>Sensibilisation, formations, présentations et rencontres : "
            "le calendrier de L.U.N.E., auquel vous pouvez vous abonner.</p>",
        )
        register_section(
            "formations",
            "events.TrainingCatalogPage",
            "Formations",
            intro="<p>Les formations que L.U.N.E. donne ou suit avec ses membres "
            "et ses partenaires.</p>",
        )
        register_permissions(
            "communications",
            "events.add_eventtype",
            "events.change_eventtype",
            "events.view_presentationrequest",
            "events.change_presentationrequest",
        )
        register_permissions(
            "staff", "events.view_presentationrequest", "events.change_presentationrequest"
        )
        register_demo(demo.build_events)
        register_home_section(home_section.next_events)
        post_migrate.connect(create_event_types, sender=self)
