using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>The UI's words, in the request's language. Keys live in Resources/SharedResource*.resx.</summary>
public sealed class Texts(IStringLocalizer<SharedResource> localizer)
{
    public string this[string key] => localizer[key];
    public string this[string key, params object[] args] => localizer[key, args];

    // Templates kept per culture for the sign-in burst's answers (the localizer looks each one up again every time).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Culture, string Key), string> Templates = new();

    /// <summary>The same words as <c>this[key, args]</c>, with the template looked up once per culture: for hot paths.</summary>
    public string Kept(string key, params object[] args)
    {
        var template = Templates.GetOrAdd((CultureInfo.CurrentUICulture.Name, key), k => localizer[k.Key].Value);
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args);
    }

    /// <summary>A domain rule's message: resource "Error.{Code}" formatted with its arguments.</summary>
    public string Error(Domain.Error error)
    {
        var s = localizer["Error." + error.Code, error.Args];
        return s.ResourceNotFound ? error.ToString() : s.Value;
    }

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>A time zone as people name it (one rule for every page): Asia/Shanghai is 北京时间 / Beijing Time
    /// (resource "Zone.{id}"); another zone its system display name; an unknown id itself.</summary>
    public string Zone(string id) => Zones.GetOrAdd((CultureInfo.CurrentUICulture.Name, id), k => ZoneName(k.Zone));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Culture, string Zone), string> Zones = new();

    public static string ZoneName(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) return id;
        var s = Resources.GetString("Zone." + id, CultureInfo.CurrentUICulture);
        if (s is not null) return s;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) ? tz.DisplayName : id;
    }

    private static readonly ResourceManager Resources = new("CommunityAcademy.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>
    /// The same resources for code that has no Texts at hand (static helpers, middleware): the current UI culture,
    /// which the request localization sets for the whole request (error pages and problem titles included).
    /// </summary>
    public static string Of(string key, params object[] args)
    {
        var s = Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return args.Length == 0 ? s : string.Format(CultureInfo.CurrentCulture, s, args);
    }
}
