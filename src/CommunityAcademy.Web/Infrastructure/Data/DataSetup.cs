using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Infrastructure.Data;

public static class DataSetup
{
    public static IServiceCollection AddAppData(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<DatabaseOptions>(config.GetSection(DatabaseOptions.Section));
        services.AddSingleton(sp => new Db(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetService<IHostEnvironment>()?.ContentRootPath));
        services.AddSingleton<Migrator>();
        return services;
    }
}
