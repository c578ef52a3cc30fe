from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Les voix de la ruELLES"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from journal.demo import build_journal_demo
        from journal.models import home_news_and_issue
        from lune_site.demo import register_demo
        from lune_site.models import HOME_SECTION_PROVIDERS, register_home_section
        from lune_site.setup import register_permissions, register_section

        register_section(
            "journal",
            "journal.JournalIndexPage",
            "Les voix de la ruELLES",
            intro="<p>Le journal écrit, édité et distribué par les membres de L.U.N.E., "
            "trois fois par année.</p>",
        )
        register_section("actualites", "journal.NewsIndexPage", "Actualités")
        register_permissions(
            "communications",
            *(
                f"journal.{action}_{model}"
                for model in ("theme", "distributionpoint", "contribution")
                for action in ("add", "change", "delete", "view")
            ),
        )
        register_permissions(
            "staff",
            "journal.view_badclientreport",
            "journal.change_badclientreport",
            "journal.delete_badclientreport",
            "journal.reset_member_password",
        )
        if home_news_and_issue not in HOME_SECTION_PROVIDERS:
            # The latest news and issue change only on publication: kept between requests.
            register_home_section(home_news_and_issue, cached=True)
        register_demo(build_journal_demo)
