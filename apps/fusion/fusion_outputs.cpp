#include "apps/fusion/fusion_outputs.hpp"

namespace karst::fusion {

namespace {

io::MultibandInfo output_info(const io::MultibandInfo& like, double fill) {
  io::MultibandInfo o = like;
  o.type = io::SampleType::float32;
  o.scale = 1.0;
  o.offset = 0.0;
  o.has_nodata = true;
  o.nodata = fill;
  return o;
}

}  // namespace

FusionOutputs::FusionOutputs(const std::string& path, const mpi::Comm& comm, const FusionJob& job,
                             const FusionInputs& inputs)
    : file_(io::H5File::create(path, comm)) {
  if (job.starfm_enabled)
    starfm_ = std::make_unique<io::MultibandWriter>(
        file_, "starfm", output_info(inputs.coarse0->info(), job.fill_value));
  if (inputs.brovey(job))
    brovey_ = std::make_unique<io::MultibandWriter>(file_, "brovey",
                                                    output_info(inputs.ms->info(), job.fill_value));
  if (inputs.hpf(job))
    hpf_ = std::make_unique<io::MultibandWriter>(file_, "hpf",
                                                 output_info(inputs.ms->info(), job.fill_value));
}

void FusionOutputs::write_rows(long long first, long long count, const StripOutputs& rows) {
  if (starfm_) starfm_->write_rows(first, count, rows.starfm.data());
  if (brovey_) brovey_->write_rows(first, count, rows.brovey.data());
  if (hpf_) hpf_->write_rows(first, count, rows.hpf.data());
}

void FusionOutputs::commit() {
  starfm_.reset();
  brovey_.reset();
  hpf_.reset();
  file_.commit();
}

}  // namespace karst::fusion
