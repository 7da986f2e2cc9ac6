using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace CommunityAcademy.Web.Infrastructure.Web;

public static class WebSetup
{
    public static IServiceCollection AddAppWeb(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Razor would otherwise write every Chinese character as &#x...; — readable pages, a third of the bytes.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<Texts>();
        // Every import reads its file through SheetUpload, within these limits (section "Imports").
        services.AddOptions<Files.ImportLimits>().BindConfiguration(Files.ImportLimits.Section);
        services.AddSingleton<Files.SheetUpload>();
        // Every stored file goes through the one attachment store (section "Attachments").
        services.AddOptions<Files.AttachmentOptions>().BindConfiguration(Files.AttachmentOptions.Section);
        services.AddSingleton<Files.AttachmentStore>();
        services.AddSingleton<Search.ChineseText>();           // segmentation for full-text search (feedback, handbook)
        services.AddPublicForms();                               // device cookie, burst limit and QR codes of public forms
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = o.SupportedUICultures = Texts.Cultures;
            // ?culture=en, then the language cookie; otherwise zh-CN. The browser's Accept-Language is not
            // consulted: users are Chinese offices whose machines are often set to English.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
            ];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            // Secure when the request is HTTPS (directly or through a trusted proxy: SecurityHeaders); the default is never.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<PublicLinks>();
        return services;
    }

    /// <summary>Says at start-up which rule builds the links the application prints or encodes in a QR code.</summary>
    public static void LogPublicLinks(this WebApplication app)
    {
        var links = app.Services.GetRequiredService<PublicLinks>(); // a malformed Web:PublicAddress stops the start here
        app.Services.GetRequiredService<ILogger<PublicLinks>>().LogInformation("{PublicLinks}", links.Describe());
    }

    /// <summary>
    /// Turns exceptions into problem details: a body that is not JSON is the client's fault (400), not a 500.
    /// Only unexpected errors are logged as errors; nothing of the request body is logged.
    /// </summary>
    public static IApplicationBuilder UseAppExceptionHandler(this WebApplication app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                _ when IsBusy(app, e) => StatusCodes.Status503ServiceUnavailable,
                BadHttpRequestException b => b.StatusCode,
                JsonException => StatusCodes.Status400BadRequest,
                AntiforgeryValidationException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = async http =>
            {
                var e = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (e is not null && IsBusy(app, e)) http.Response.Headers.RetryAfter = "2";
                var (status, title) = e switch
                {
                    _ when e is not null && IsBusy(app, e) => (503, Texts.Of("Problem.Busy")),
                    BadHttpRequestException b => (b.StatusCode, Texts.Of("Problem.BadRequest")),
                    JsonException => (400, Texts.Of("Problem.InvalidJson")),
                    AntiforgeryValidationException => (400, Texts.Of("Problem.FormExpired")),
                    _ => (500, Texts.Of("Problem.ServerError")),
                };
                // A browser's page: ErrorPages (outside this handler) shows the error page with this status, and
                // nothing of the exception.
                if (status >= 500 && http.Request.WantsPage())
                {
                    http.Response.StatusCode = status;
                    return;
                }
                if (!http.Request.IsApiRequest() && status == 400 && e is AntiforgeryValidationException)
                {
                    http.Response.StatusCode = 400;
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(title);
                    return;
                }
                await Results.Problem(statusCode: status, title: title,
                    detail: e is BadHttpRequestException bad ? bad.Message : null).ExecuteAsync(http);
            },
        });

    /// <summary>/culture?c=en&amp;returnUrl=/x remembers the language in a cookie for a year.</summary>
    public static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture", (string? c, string? returnUrl, HttpContext http) =>
        {
            var culture = Texts.Cultures.FirstOrDefault(x => x.Name.Equals(c, StringComparison.OrdinalIgnoreCase))?.Name ?? "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
                ? returnUrl : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();

    private static bool IsBusy(WebApplication app, Exception e) =>
        app.Services.GetRequiredService<Data.Db>().Dialect.IsTransient(e.GetBaseException()) || app.Services.GetRequiredService<Data.Db>().Dialect.IsTransient(e);

    public static bool IsApiRequest(this HttpRequest r) => r.Path.StartsWithSegments("/api");
}
