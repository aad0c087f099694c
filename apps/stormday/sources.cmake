# `karst stormday`: the coupled fusion -> flood -> routing pipeline (docs/stormday.md). Its sources
# join the karst_apps library, which registers the workload. One block per stage.

# The county and the run that ties the stages together.
target_sources(karst_apps PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/county.cpp
  ${CMAKE_CURRENT_LIST_DIR}/county_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stormday_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stormday_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stormday_app.cpp)

# Stage 1, land cover: STARFM today, NDVI, classes, roughness and infiltration maps.
target_sources(karst_apps PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/county_imagery.cpp
  ${CMAKE_CURRENT_LIST_DIR}/landcover_classes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/landcover_stage.cpp)

# Stage 2, flood: the storm over the county with that land cover; road hazard and closures.
target_sources(karst_apps PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/closure_rule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flood_stage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/landcover_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/river_channel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/road_cells.cpp
  ${CMAKE_CURRENT_LIST_DIR}/road_hazard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/road_hazard_file.cpp)

# Stage 3, routing: trucks rerouted around closed roads; cut-off villages.
target_sources(karst_apps PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/timed_routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/market_access.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing_impact.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing_impact_output.cpp)
