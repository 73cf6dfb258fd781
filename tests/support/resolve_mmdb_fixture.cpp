#include "support/resolve_mmdb_fixture.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>

namespace pt::test {
namespace {

constexpr const char* kPrelude = R"PERL(
use strict; use warnings;
use MaxMind::DB::Writer::Tree;
my %types = (country=>'map', registered_country=>'map', iso_code=>'utf8_string', names=>'map',
  en=>'utf8_string', location=>'map', latitude=>'double', longitude=>'double',
  subdivisions=>['array','map'], autonomous_system_number=>'uint32',
  autonomous_system_organization=>'utf8_string', country_code=>'utf8_string', state1=>'utf8_string',
  state2=>'utf8_string', postcode=>'utf8_string', timezone=>'utf8_string');
my $flat = ($ARGV[1] // '') eq 'flat';
$types{city} = $flat ? 'utf8_string' : 'map';
sub tree { my ($version, $type) = @_;
  return MaxMind::DB::Writer::Tree->new(ip_version=>$version, record_size=>24, database_type=>$type,
    languages=>['en'], description=>{en=>'packettracer test fixture'}, remove_reserved_networks=>0,
    map_key_type_callback=>sub { $types{$_[0]} }); }
sub save { my ($t) = @_; open my $fh, '>:raw', $ARGV[0] or die "open $ARGV[0]: $!"; $t->write_tree($fh); close $fh; }
)PERL";

constexpr const char* kCity = R"PERL(
my $t = tree(6, 'PT-Test-City');
my %us = (iso_code=>'US', names=>{en=>'United States'});
$t->insert_network('8.8.8.0/24', {country=>{%us}, location=>{latitude=>37.751, longitude=>-97.822}});
$t->insert_network('128.101.101.0/24', {country=>{%us}, city=>{names=>{en=>'Minneapolis'}},
  subdivisions=>[{iso_code=>'MN', names=>{en=>'Minnesota'}}], location=>{latitude=>44.9733, longitude=>-93.2323}});
$t->insert_network('1.1.1.0/24', {registered_country=>{iso_code=>'AU', names=>{en=>'Australia'}}});
$t->insert_network('2001:4860::/32', {country=>{%us}});
save($t);
)PERL";

constexpr const char* kAsn = R"PERL(
my $t = tree(6, 'PT-Test-ASN');
my %google = (autonomous_system_number=>15169, autonomous_system_organization=>'Google LLC');
$t->insert_network('8.8.8.0/24', {%google});
$t->insert_network('2001:4860::/32', {%google});
$t->insert_network('1.1.1.0/24', {autonomous_system_number=>13335, autonomous_system_organization=>'Cloudflare, Inc.'});
save($t);
)PERL";

constexpr const char* kFlatV4 = R"PERL(
my $t = tree(4, 'PT-Test-flat-city-ipv4');
$t->insert_network('81.2.69.0/24', {city=>'London', country_code=>'GB', state1=>'England', latitude=>51.5142, longitude=>-0.0931});
$t->insert_network('8.8.8.0/24', {city=>'', country_code=>'US', state1=>'', latitude=>37.751, longitude=>-97.822});
save($t);
)PERL";

constexpr const char* kFlatV6 = R"PERL(
my $t = tree(6, 'PT-Test-flat-city-ipv6');
$t->insert_network('2a02:8010::/32', {city=>'Manchester', country_code=>'GB', state1=>'England', latitude=>53.48, longitude=>-2.24});
save($t);
)PERL";

std::string run_perl(const std::string& body, const std::filesystem::path& out, const char* mode) {
  const auto script = std::filesystem::temp_directory_path() /
                      ("pt_mmdb_" + std::to_string(::getpid()) + "_" + out.filename().string() + ".pl");
  {
    std::ofstream f(script);
    f << kPrelude << body;
  }
  const std::string cmd = "perl '" + script.string() + "' '" + out.string() + "' " + mode + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::filesystem::remove(script);
  if (rc != 0) return "perl MaxMind::DB::Writer failed (is libmaxmind-db-writer-perl installed?) for " + out.string();
  return {};
}

}  // namespace

std::string write_city_mmdb(const std::filesystem::path& out) { return run_perl(kCity, out, "maxmind"); }
std::string write_asn_mmdb(const std::filesystem::path& out) { return run_perl(kAsn, out, "maxmind"); }
std::string write_flat_city_mmdb(const std::filesystem::path& out_v4, const std::filesystem::path& out_v6) {
  if (auto e = run_perl(kFlatV4, out_v4, "flat"); !e.empty()) return e;
  return run_perl(kFlatV6, out_v6, "flat");
}

TempDir::TempDir(const std::string& prefix) {
  std::random_device rd;
  path_ =
      std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace pt::test
