using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunityAcademy.Web.Tests.Support;

public static class Json
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage r) =>
        JsonNode.Parse(await r.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static async Task<JsonArray> ReadArrayAsync(this HttpResponseMessage r) => (JsonArray)await r.ReadJsonAsync();

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient c, string url, object body) => c.PutAsJsonAsync(url, body);

    public static StringContent Raw(string body, string contentType = "application/json") => new(body, System.Text.Encoding.UTF8, contentType);

    /// <summary>The redirect target as a local path, whether the server sent it absolute or relative.</summary>
    public static string LocationPath(this HttpResponseMessage r) =>
        r.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";

    public static T Value<T>(this JsonNode? n, string path)
    {
        var cur = n;
        foreach (var p in path.Split('.')) cur = cur?[p];
        return cur is null ? default! : cur.GetValue<T>();
    }
}
