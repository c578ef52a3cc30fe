"""The site search's benchmark cases (`make bench`): a topical word, the worst case (a word
every resource holds), and the title suggestions."""

from bench.cases import register_case

register_case("search", "/recherche/?q=logement", kind="search", weigh=True)
register_case("search-common", "/recherche/?q=organisme", kind="search")
register_case("suggestions", "/recherche/suggestions/?q=loge", kind="search")
