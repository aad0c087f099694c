#include "apps/karst/workload_registry.hpp"
#include "apps/ceilings/ceilings_app.hpp"
#include "apps/flood/flood_app.hpp"
#include "apps/fusion/fusion_app.hpp"
#include "apps/routing/routing_app.hpp"
#include "apps/stormday/stormday_app.hpp"

namespace karst::cli {

const std::vector<apps::Workload>& workloads() {
  static const std::vector<apps::Workload> all = {
      {"flood",
       "guizhou-karst",
       "2D shallow-water flash-flood model with gauge warnings (HLLC, MPI halos)",
       flood::run_flood,
       {{"--size", "flood.size", "scale the built-in scenario's cells per side"},
        {"--t-end", "flood.t_end_s", "simulated time, s"},
        {"--dem", "flood.dem.file", "DEM file (.asc, .h5, GeoTIFF); implies --scenario dem"},
        {"--checkpoint-every", "flood.output.checkpoint_every_s",
         "checkpoint interval, simulated s"},
        {"--restart", "flood.restart", "continue from this checkpoint file"},
        {"--gpu-aware-mpi", "flood.gpu_aware_mpi", "hand device buffers to MPI directly", false}},
       "flood.size",
       2.0,
       {"karst flood --size 0.5 --t-end 600",
        "OMP_NUM_THREADS=1 mpiexec -n 2 karst flood --size 0.5",
        "karst flood --dem tests/apps/flood/data/valley.asc --t-end 600",
        "karst flood --size 0.5 --checkpoint-every 300 --out runs",
        "karst flood --size 0.5 --t-end 3600 --restart runs/<run>/flood/checkpoint.h5"}},
      {"fusion",
       "guizhou-fields",
       "satellite image fusion: STARFM (fine images for cloudy days) and Brovey/HPF "
       "pansharpening, scored against truth",
       fusion::run_fusion,
       {{"--size", "fusion.size", "scale the built-in scene (1: 768 x 768 pixels)"},
        {"--window", "fusion.starfm.window", "STARFM moving window, pixels (odd)"},
        {"--kernel", "fusion.starfm.kernel", "STARFM kernel: flat or team"},
        {"--tile-rows", "fusion.tile_rows", "rows per strip (bounds memory)"}},
       "fusion.size",
       2.0,
       {"karst fusion --size 0.5", "mpiexec -n 2 karst fusion --size 2 --kernel team",
        "karst fusion --window 21 --tile-rows 128"}},
      {"routing",
       "guizhou-roads",
       "agri-logistics on a road network: delta-stepping travel-time tables, farm-to-hub "
       "assignment",
       routing::run_routing,
       {{"--size", "routing.size", "scale the built-in province's nodes"},
        {"--graph", "routing.graph",
         "DIMACS .gr, stored graph .h5 (implies --scenario dimacs) or OpenStreetMap .osm.pbf/.osm "
         "(implies --scenario osm)"},
        {"--sources", "routing.sources", "DIMACS .ss file of sources (hubs)"},
        {"--delta", "routing.delta", "delta-stepping bucket width (0: automatic)"}},
       "routing.size",
       1.0,
       {"karst routing --size 0.5", "karst routing --graph ../shared/data/roads/rome99.gr",
        "mpiexec -n 2 karst routing --set routing.mode=sssp --set routing.source=77"}},
      {"stormday",
       "guizhou-county",
       "storm day: fused imagery -> land cover -> flood over the county -> closed roads -> "
       "rerouted produce trucks and cut-off villages, one report",
       stormday::run_stormday,
       {{"--size", "stormday.size", "scale the county grid (1: 1024 x 1024 cells of 10 m)"},
        {"--rain-scale", "stormday.storm.rain_scale", "multiply the storm (0: dry weather)"},
        {"--duration", "stormday.storm.duration_s", "simulated time, s"},
        {"--county", "stormday.county_file", "county.h5 (roads, villages, farms, markets)"}},
       "stormday.size",
       2.0,
       {"karst stormday", "karst stormday --rain-scale 0", "mpiexec -n 4 karst stormday --size 1"}},
      {"ceilings",
       "node-roofline",
       "the node's roofline: STREAM Copy/Triad and FP64/FP32 FMA peak",
       ceilings::run_ceilings,
       {},
       "",
       1.0,
       {"karst ceilings --out results",
        "mpiexec -n 2 karst ceilings --set ceilings.repetitions=20"}},
  };
  return all;
}

}  // namespace karst::cli
