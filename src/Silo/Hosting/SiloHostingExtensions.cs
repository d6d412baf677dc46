using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ecommerce.Database;
using Ecommerce.Grains.Interfaces.Hosting;
using Ecommerce.Grains.Storage;
using Ecommerce.ServiceDefaults;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace Ecommerce.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Grain state and reminders in PostgreSQL through the process's one data source, state as
    /// camelCase JSON; what a silo needs of the database besides membership, which the
    /// grain-level test cluster shares with the real silo.
    /// </summary>
    public static ISiloBuilder AddEcommercePersistence(this ISiloBuilder silo)
    {
        silo.AddAdoNetGrainStorage(StorageNames.Postgres, o => o.Configure<PooledDataSource>((options, dataSource) =>
            (options.Invariant, options.DataSource) = (PooledDataSource.Invariant, dataSource)));
        silo.UseAdoNetReminderService(o => o.Configure<PooledDataSource>((options, dataSource) =>
            (options.Invariant, options.DataSource) = (PooledDataSource.Invariant, dataSource)));

        // Database failures reach the caller as the driver's own exceptions (the API
        // answers them 503); without this they have no codec and arrive as a 500.
        silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

        // camelCase JSON: readable in psql, and the catalog trigger reads product state by these names.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o =>
        {
            o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return silo;
    }

    /// <summary>
    /// Adds the Orleans silo: membership, grain state and reminders all in PostgreSQL through
    /// the process's one <see cref="NpgsqlDataSource"/>, state stored as JSON.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OrleansOptions>(OrleansOptions.SectionName);
        builder.Services.AddValidatedOptions<SiloHostOptions>(SiloHostOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(o => o.Configure<PooledDataSource>((options, dataSource) =>
                (options.Invariant, options.DataSource) = (PooledDataSource.Invariant, dataSource)));
            silo.AddEcommercePersistence();
            silo.AddActivityPropagation();
            silo.AddDashboard();
            silo.Services.CacheGrainInterfaceTypes();

            silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<OrleansOptions>>((cluster, orleans) =>
            {
                cluster.ClusterId = orleans.Value.ClusterId;
                cluster.ServiceId = orleans.Value.ServiceId;
            });
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloHostOptions>>((endpoints, host) =>
            {
                var advertised = host.Value.ResolveAdvertisedAddress();
                endpoints.AdvertisedIPAddress = advertised;
                endpoints.SiloPort = host.Value.SiloPort;
                endpoints.GatewayPort = host.Value.GatewayPort;
                var listen = host.Value.ListenOnAnyAddress ? IPAddress.Any : advertised;
                endpoints.SiloListeningEndpoint = new IPEndPoint(listen, host.Value.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(listen, host.Value.GatewayPort);
            });
            silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<SiloHostOptions>>((membership, host) =>
            {
                // A crashed silo is declared dead within seconds, so its grains come back elsewhere quickly.
                membership.ProbeTimeout = host.Value.ProbeTimeout;
                membership.NumMissedProbesLimit = host.Value.MissedProbesLimit;
            });
            silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<SiloHostOptions>>((collection, host) =>
                collection.CollectionQuantum = host.Value.CollectionQuantum);
            silo.Services.AddOptions<LoadSheddingOptions>().Configure<IOptions<SiloHostOptions>>((shedding, host) =>
            {
                shedding.LoadSheddingEnabled = host.Value.LoadSheddingCpuThreshold < 100;
                shedding.CpuThreshold = host.Value.LoadSheddingCpuThreshold;
            });
            silo.Services.AddOptions<SiloMessagingOptions>().Configure<IOptions<OrleansOptions>>((messaging, orleans) =>
                messaging.ResponseTimeout = orleans.Value.ResponseTimeout);
        });

        builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("cluster", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
