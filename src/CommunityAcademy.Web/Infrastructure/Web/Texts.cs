using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>The UI's words, in the request's language. Keys live in Resources/SharedResource*.resx.</summary>
public sealed class Texts(IStringLocalizer<SharedResource> localizer)
{
    public string this[string key] => localizer[key];
    public string this[string key, params object[] args] => localizer[key, args];

    /// <summary>A domain rule's message: resource "Error.{Code}" formatted with its arguments.</summary>
    public string Error(Domain.Error error)
    {
        var s = localizer["Error." + error.Code, error.Args];
        return s.ResourceNotFound ? error.ToString() : s.Value;
    }

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];
}
