#!/usr/bin/env bash
# Peak memory per rank (VmHWM, via /usr/bin/time's maximum resident set) of `karst flood` on a
# large generated GeoTIFF DEM, on 1, 2 and 4 ranks: shows that no rank holds the whole raster.
# Not a test (no pass/fail); docs/performance.md quotes its output.
#   bench/scripts/dem_memory.sh KARST_BINARY [SIDE=8000] [RANKS="1 2 4"]
# Needs libgdal-dev (gdal-config) to write the DEM, and /usr/bin/time.
set -euo pipefail
karst=$(realpath "$1")
side=${2:-8000}
ranks=${3:-1 2 4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A side x side Float32 GeoTIFF in UTM 48N, 10 m cells: a valley falling to the east.
cat >"$work/gen.cpp" <<'CPP'
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <cmath>
#include <cstdlib>
#include <vector>
int main(int, char** argv) {
  const int n = std::atoi(argv[2]);
  GDALAllRegister();
  char** opt = CSLSetNameValue(nullptr, "TILED", "YES");
  opt = CSLSetNameValue(opt, "BIGTIFF", "IF_SAFER");
  GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
      argv[1], n, n, 1, GDT_Float32, opt);
  double gt[6] = {500000, 10, 0, 2950000, 0, -10};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(32648);
  ds->SetSpatialRef(&srs);
  ds->GetRasterBand(1)->SetNoDataValue(-9999);
  std::vector<float> row(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) row[j] = float(1000 - 0.01 * j + 0.02 * std::abs(i - n / 2));
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, i, n, 1, row.data(), n, 1, GDT_Float32, 0,
                                       0) != CE_None)
      return 1;
  }
  GDALClose(ds);
  CSLDestroy(opt);
}
CPP
g++ -O2 $(gdal-config --cflags) "$work/gen.cpp" -o "$work/gen" $(gdal-config --libs)
"$work/gen" "$work/dem.tif" "$side"
echo "DEM: ${side} x ${side} cells, $(du -h "$work/dem.tif" | cut -f1) on disk"

export OMP_NUM_THREADS=1 OMP_PROC_BIND=false OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
for np in $ranks; do
  mpiexec -n "$np" /usr/bin/time -f "maxrss_kb %M" "$karst" flood --quiet --dem "$work/dem.tif" \
    --t-end 1 --out "$work/runs" >"$work/log" 2>&1 || { tail -5 "$work/log"; exit 1; }
  peaks=$(grep -o 'maxrss_kb [0-9]*' "$work/log" | awk '{printf "%.0f ", $2 / 1024}')
  echo "ranks $np: peak resident MiB per rank: $peaks"
  rm -rf "$work/runs"
done
