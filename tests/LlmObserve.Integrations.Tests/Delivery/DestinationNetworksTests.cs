using System.Net;
using System.Net.Sockets;
using LlmObserve.Integrations.Delivery;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>Which addresses delivery may connect to, checked on addresses as resolved, over real sockets.</summary>
public sealed class DestinationNetworksTests
{
    private static readonly DestinationNetworks Everything = new([IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")]);

    [Theory]
    [InlineData("10.0.0.5", "destination address 10.0.0.5 is in a private range (10.0.0.0/8); allow it with Delivery:AllowedNetworks")]
    [InlineData("172.20.1.1", "in a private range (172.16.0.0/12)")]
    [InlineData("192.168.1.10", "in a private range (192.168.0.0/16)")]
    [InlineData("100.64.3.4", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "destination address 127.0.0.1 is in the loopback range (127.0.0.0/8); allow it with Delivery:AllowedNetworks")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "the loopback address (::1)")]
    [InlineData("::ffff:10.1.2.3", "destination address 10.1.2.3 is in a private range")] // IPv4 written as IPv6
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("169.254.169.254", "destination address 169.254.169.254 is link-local (169.254.0.0/16, where cloud metadata services answer) and is never allowed")]
    [InlineData("::ffff:169.254.169.254", "169.254.169.254 is link-local")]
    [InlineData("fe80::1", "link-local (fe80::/10)")]
    [InlineData("fd00:ec2::254", "cloud metadata")]
    [InlineData("100.100.100.200", "cloud metadata")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    public void Refusal_NoAllowedNetworks_RefusesNamingTheAddressAndWhy(string address, string says)
    {
        var refusal = DestinationNetworks.PublicOnly.Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains(says, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("100.128.0.1")] // just past 100.64.0.0/10
    [InlineData("2001:4860:4860::8888")]
    public void Refusal_PublicAddresses_Allowed(string address)
    {
        Assert.Null(DestinationNetworks.PublicOnly.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    public void Refusal_EverythingAllowed_StillRefusesMetadataLinkLocalAndUnspecified(string address)
    {
        Assert.Contains("never allowed", Everything.Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_AllowedNetworks_OpenExactlyTheirRanges()
    {
        var networks = new DestinationNetworks([IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("fd00:1::/32")]);

        Assert.Null(networks.Refusal(IPAddress.Parse("10.20.30.40")));
        Assert.Null(networks.Refusal(IPAddress.Parse("::ffff:10.20.30.40")));
        Assert.Null(networks.Refusal(IPAddress.Parse("fd00:1::5")));
        Assert.Contains("10.21.0.1 is in a private range", networks.Refusal(IPAddress.Parse("10.21.0.1")), StringComparison.Ordinal);
        Assert.Contains("loopback", networks.Refusal(IPAddress.Parse("127.0.0.1")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_LocalhostWithoutAllowedNetworks_RefusedBeforeConnecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // A name, not a literal: what it resolves to is checked.
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() => DestinationNetworks.PublicOnly.ConnectAsync("localhost", port, TestContext.Current.CancellationToken));

        Assert.Matches(@"^destination address (127\.0\.0\.1|::1) is .*loopback.*; allow it with Delivery:AllowedNetworks$", error.Message);
        Assert.False(listener.Pending(), "Nothing may have connected.");
    }

    [Fact]
    public async Task ConnectAsync_LocalhostWithLoopbackAllowed_Connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var networks = new DestinationNetworks([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]);

        using var socket = await networks.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndpoint).Port, TestContext.Current.CancellationToken);
        using var accepted = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);

        Assert.True(socket.Connected);
        Assert.Equal(socket.LocalEndPoint, accepted.RemoteEndPoint);
    }

    [Fact]
    public async Task ResolveAsync_BracketedIpv6Literal_CheckedWithoutDns()
    {
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() => DestinationNetworks.PublicOnly.ResolveAsync("[::1]", TestContext.Current.CancellationToken));

        Assert.StartsWith("destination address ::1 is the loopback address", error.Message, StringComparison.Ordinal);
    }
}
