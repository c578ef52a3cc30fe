"""schema.org markup for a resource, for search engines and partners' tools."""

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def resource_json_ld(resource, request=None):
    """A schema.org Service offered by an Organization, with hours and contact points."""
    url = resource.full_url
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": resource.title,
        "description": resource.summary,
        "url": url,
        "identifier": resource.external_id,
        "areaServed": {"@type": "City", "name": "Québec"},
    }
    if resource.category:
        data["serviceType"] = resource.category.name
    if resource.is_free:
        data["isAccessibleForFree"] = True
    if resource.language_list:
        data["availableLanguage"] = resource.language_list
    if resource.eligibility:
        data["audience"] = {"@type": "Audience", "audienceType": resource.eligibility}
    provider = {"@type": "Organization", "name": resource.organization or resource.title}
    if resource.phone:
        provider["telephone"] = resource.phone
    if resource.email:
        provider["email"] = resource.email
    if resource.website:
        provider["url"] = resource.website
    if resource.address:
        provider["address"] = {
            "@type": "PostalAddress",
            "streetAddress": resource.address,
            "addressLocality": resource.city or "Québec",
            "postalCode": resource.postal_code,
            "addressRegion": "QC",
            "addressCountry": "CA",
        }
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAY_NAMES[h.weekday]}",
            "opens": h.opens.strftime("%H:%M"),
            "closes": h.closes.strftime("%H:%M"),
        }
        for h in resource.hours.all()
    ]
    if hours:
        provider["openingHoursSpecification"] = hours
    data["provider"] = provider
    if resource.last_verified:
        data["dateModified"] = resource.last_verified.isoformat()
    return data
