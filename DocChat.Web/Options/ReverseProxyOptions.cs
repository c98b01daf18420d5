using System.ComponentModel.DataAnnotations;
using System.Net;

namespace DocChat.Web.Options;

/// <summary>
/// The reverse proxies (section <c>DocChat:ReverseProxy</c>) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> headers DocChat believes: behind a proxy that terminates TLS they make
/// the request HTTPS (Secure cookies, HSTS) and give rate limits the client's address. Headers
/// from any other address are ignored. Both lists empty (the default) means a proxy on this
/// machine (loopback) only.
/// </summary>
public sealed class ReverseProxyOptions : IValidatableObject
{
    public const string SectionName = "DocChat:ReverseProxy";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"{SectionName}:KnownProxies: '{proxy}' is not an IP address (see README, Configuration).");
        }

        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"{SectionName}:KnownNetworks: '{network}' is not a network such as 10.0.0.0/24 (see README, Configuration).");
        }
    }
}
