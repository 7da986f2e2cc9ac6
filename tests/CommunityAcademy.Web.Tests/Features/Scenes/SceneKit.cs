using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Scenes;

/// <summary>What the scenes tests share: demo ids, a multipart post with the page's antiforgery token.</summary>
public static class SceneKit
{
    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    public static async Task<T> ScalarAsync<T>(TestApp app, string sql, object? args = null)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static Task<long> SceneAsync(TestApp app, string name) =>
        ScalarAsync<long>(app, "SELECT id FROM scenes WHERE name = @name", new { name });

    public static Task<long> PosterSceneAsync(TestApp app) => SceneAsync(app, SeedScenes.PosterScene);

    public static async Task<string> CardTokenAsync(TestApp app, long sceneId) =>
        (await ScalarAsync<string?>(app, "SELECT card_token FROM scenes WHERE id = @sceneId", new { sceneId }))
        ?? await app.Get<CommunityAcademy.Web.Features.Scenes.SceneStore>().CardTokenAsync(sceneId);

    /// <summary>GETs the page and posts a multipart form (fields and files) with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient c, string page, string handler,
        Dictionary<string, string> fields, params (string Field, string Name, byte[] Bytes)[] files)
    {
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        var m = TokenField.Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(m.Groups[1].Value)), "__RequestVerificationToken" } };
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        foreach (var (field, name, bytes) in files) form.Add(new ByteArrayContent(bytes), field, name);
        return await c.PostAsync(handler.Length == 0 ? page : $"{page}?handler={handler}", form);
    }

    /// <summary>A real 2×2 PNG.</summary>
    public static byte[] Png()
    {
        using var bmp = new SkiaSharp.SKBitmap(2, 2);
        bmp.Erase(SkiaSharp.SKColors.Orange);
        using var img = SkiaSharp.SKImage.FromBitmap(bmp);
        return img.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100).ToArray();
    }
}
