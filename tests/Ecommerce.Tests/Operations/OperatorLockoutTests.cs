using System.Net;
using Ecommerce.ServiceDefaults.Operators;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>The lockout's clock and memory, which the HTTP tests cannot wait for or fill.</summary>
public sealed class OperatorLockoutTests
{
    private readonly ManualClock _clock = new();
    private readonly OperatorLockout _lockout;

    public OperatorLockoutTests() => _lockout = new OperatorLockout(_clock);

    [Fact]
    public void TheLockoutEndsWithTheMinuteThatBeganAtTheFirstFailure()
    {
        var client = IPAddress.Parse("203.0.113.7");
        _lockout.RecordFailure(client);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Fail(client, OperatorLockout.MaxFailures - 1);

        Assert.True(_lockout.IsLockedOut(client, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);

        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.False(_lockout.IsLockedOut(client, out _));
    }

    [Fact]
    public void FailuresFurtherApartThanAMinuteDoNotAddUp()
    {
        var client = IPAddress.Parse("203.0.113.8");
        Fail(client, OperatorLockout.MaxFailures - 1);
        _clock.Advance(OperatorLockout.Window);

        Fail(client, 1);

        Assert.False(_lockout.IsLockedOut(client, out _));
    }

    [Fact]
    public void AnIPv6ClientIsItsWhole64BitPrefix()
    {
        for (var host = 1; host <= OperatorLockout.MaxFailures; host++)
        {
            Fail(IPAddress.Parse($"2001:db8:1:2::{host:x}"), 1);
        }

        Assert.True(_lockout.IsLockedOut(IPAddress.Parse("2001:db8:1:2:ffff::1"), out _));
        Assert.False(_lockout.IsLockedOut(IPAddress.Parse("2001:db8:1:3::1"), out _));
    }

    [Fact]
    public void ManyAddressesKeepMemoryBoundedAndShareOneWindowBeyondTheBound()
    {
        for (var i = 0; i < OperatorLockout.MaxClients; i++)
        {
            Fail(Address(i), 1);
        }
        // Beyond the bound, new addresses are not remembered one by one but share a window.
        for (var i = 0; i < OperatorLockout.MaxFailures; i++)
        {
            Fail(Address(OperatorLockout.MaxClients + i), 1);
        }

        Assert.Equal(OperatorLockout.MaxClients, _lockout.TrackedClients);
        Assert.True(_lockout.IsLockedOut(Address(OperatorLockout.MaxClients * 2), out _));
        Assert.False(_lockout.IsLockedOut(Address(0), out _));

        // Once their windows are over, the remembered addresses are let go.
        _clock.Advance(OperatorLockout.Window);
        Fail(Address(OperatorLockout.MaxClients * 3), 1);
        Assert.Equal(1, _lockout.TrackedClients);
    }

    private void Fail(IPAddress client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _lockout.RecordFailure(client);
        }
    }

    private static IPAddress Address(int n) => new([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
}
