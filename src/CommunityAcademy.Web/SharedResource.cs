using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace CommunityAcademy.Web;

/// <summary>Marker for Resources/SharedResource.resx (zh-CN, the default) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
