using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]
// The assembly is named CommunityAcademy; resources are named after the root namespace.
[assembly: Microsoft.Extensions.Localization.RootNamespace("CommunityAcademy.Web")]

namespace CommunityAcademy.Web;

/// <summary>Marker for Resources/SharedResource.resx (zh-CN, the default) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
