namespace CommunityAcademy.Web.Infrastructure.Web;

public static class Logging
{
    /// <summary>
    /// JSON lines on the console with scopes, so every entry of a request carries its RequestId and TraceId.
    /// Code logs ids (user, unit), never names, phone or ID numbers, passwords or request bodies.
    /// </summary>
    public static WebApplicationBuilder AddAppLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            // Chinese stays readable in the log instead of \uXXXX escapes.
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        return builder;
    }
}
