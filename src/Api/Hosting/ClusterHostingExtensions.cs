using Ecommerce.Database;
using Ecommerce.Grains.Interfaces.Hosting;
using Ecommerce.ServiceDefaults;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Ecommerce.Api.Hosting;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Makes the API an Orleans client that finds the silos' gateways in the PostgreSQL
    /// membership table, through the process's one data source.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceCluster(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OrleansOptions>(OrleansOptions.SectionName);
        builder.Services.AddValidatedOptions<ClusterClientOptions>(ClusterClientOptions.SectionName);

        builder.UseOrleansClient(client =>
        {
            client.UseAdoNetClustering(o => o.Configure<PooledDataSource>((options, dataSource) =>
                (options.Invariant, options.DataSource) = (PooledDataSource.Invariant, dataSource)));
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<OrleansOptions>>((cluster, orleans) =>
            {
                cluster.ClusterId = orleans.Value.ClusterId;
                cluster.ServiceId = orleans.Value.ServiceId;
            });
            client.Services.AddOptions<ClientMessagingOptions>().Configure<IOptions<OrleansOptions>>((messaging, orleans) =>
                messaging.ResponseTimeout = orleans.Value.ResponseTimeout);
            client.Services.AddOptions<GatewayOptions>().Configure<IOptions<ClusterClientOptions>>((gateways, settings) =>
                gateways.GatewayListRefreshPeriod = settings.Value.GatewayListRefreshPeriod);
            client.Services.AddSingleton<IClientConnectionRetryFilter, WaitForClusterRetryFilter>();
            client.AddActivityPropagation();
            client.Services.CacheGrainInterfaceTypes();
            client.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        });

        builder.Services.AddSingleton<ClusterConnectionHealthCheck>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterConnectionHealthCheck>());
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterConnectionHealthCheck>("cluster", tags: [ServiceDefaults.ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
