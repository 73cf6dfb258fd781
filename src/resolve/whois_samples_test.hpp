#pragma once
// Registry answers in each format, trimmed from real responses, shared by the WHOIS tests.

namespace pt::resolve::samples {

inline constexpr const char* kIana = R"(% IANA WHOIS server
% for more information on IANA, visit http://www.iana.org
% This query returned 1 object

refer:        whois.arin.net

inetnum:      8.0.0.0 - 8.255.255.255
organisation: ARIN
status:       LEGACY

whois:        whois.arin.net

changed:      1992-12
source:       IANA
)";

inline constexpr const char* kArin =
    "\r\n"
    "# ARIN WHOIS data and services are subject to the Terms of Use\r\n"
    "\r\n"
    "NetRange:       8.0.0.0 - 8.127.255.255\r\n"
    "CIDR:           8.0.0.0/9\r\n"
    "NetName:        LVLT-ORG-8-8\r\n"
    "NetHandle:      NET-8-0-0-0-1\r\n"
    "Organization:   Level 3 Parent, LLC (LPL-141)\r\n"
    "\r\n"
    "NetRange:       8.8.8.0 - 8.8.8.255\r\n"
    "CIDR:           8.8.8.0/24\r\n"
    "NetName:        GOGL\r\n"
    "NetHandle:      NET-8-8-8-0-2\r\n"
    "Parent:         NET8 (NET-8-0-0-0-0)\r\n"
    "NetType:        Direct Allocation\r\n"
    "OriginAS:       AS15169\r\n"
    "Organization:   Google LLC (GOGL)\r\n"
    "\r\n"
    "OrgName:        Google LLC\r\n"
    "OrgId:          GOGL\r\n"
    "City:           Mountain View\r\n"
    "Country:        US\r\n";

inline constexpr const char* kArinToRipe = R"(
NetRange:       193.0.0.0 - 193.255.255.255
CIDR:           193.0.0.0/8
NetName:        RIPE-CBLK2
NetHandle:      NET-193-0-0-0-1
Organization:   RIPE Network Coordination Centre (RIPE)
ReferralServer:  whois://whois.ripe.net

OrgName:        RIPE Network Coordination Centre
Country:        NL
)";

inline constexpr const char* kRipe = R"(% This is the RIPE Database query service.

inetnum:        193.0.0.0 - 193.0.7.255
netname:        RIPE-NCC
descr:          RIPE Network Coordination Centre
org:            ORG-RIEN1-RIPE
descr:          Amsterdam, Netherlands
country:        NL
status:         ASSIGNED PA

organisation:   ORG-RIEN1-RIPE
org-name:       Reseaux IP Europeens Network Coordination Centre (RIPE NCC)
country:        NL

route:          193.0.0.0/21
origin:         AS3333
)";

inline constexpr const char* kApnic = R"(% [whois.apnic.net]

inet6num:       2001:dc0::/32
netname:        APNIC-AP
descr:          Asia Pacific Network Information Centre
descr:          Regional Internet Registry for the Asia-Pacific Region
country:        AU
org:            ORG-APNI1-AP
)";

inline constexpr const char* kAfrinic = R"(% This is the AfriNIC Whois server.

inetnum:        196.216.2.0 - 196.216.3.255
netname:        AFRINIC-Ops-Net
descr:          AFRINIC Operations
country:        MU
org:            ORG-AFNC1-AFRINIC
)";

inline constexpr const char* kLacnic = R"(% Joint Whois - whois.lacnic.net

inetnum:     200.160.0.0/20
status:      allocated
aut-num:     AS22548
owner:       N\u00facleo de Inf. e Coord. do Ponto BR - NIC.BR
ownerid:     BR-NICB-LACNIC
country:     BR
)";

}  // namespace pt::resolve::samples
