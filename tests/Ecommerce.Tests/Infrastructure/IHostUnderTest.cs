using Microsoft.AspNetCore.Mvc.Testing;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>A host of the shop's HTTP API under test, the silo or the API process, with its two ports.</summary>
public interface IHostUnderTest
{
    /// <summary>Its public port's address is <c>ClientOptions.BaseAddress</c>.</summary>
    WebApplicationFactoryClientOptions ClientOptions { get; }

    Uri OperatorAddress { get; }

    /// <summary>A client of the public port.</summary>
    HttpClient CreateClient();

    HttpClient CreateOperatorClient();
}
