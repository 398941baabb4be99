import { Module } from '@nestjs/common';
import { AdvisoryBoardsController } from './advisory-boards.controller';
import { CapstonesController } from './capstones.controller';
import { GiftsController } from './gifts.controller';
import { LicensesController } from './licenses.controller';
import { LineEndpoints } from './line-endpoints';
import { PlacementsController } from './placements.controller';
import { PledgesController } from './pledges.controller';
import { RecruitingEventsController } from './recruiting-events.controller';
import { ResearchAgreementsController } from './research-agreements.controller';
import { TrainingContractsController } from './training-contracts.controller';

/** Every continuum line a partner can have with the university: research, careers, advancement, curriculum, workforce, licensing. */
@Module({
  controllers: [
    ResearchAgreementsController,
    PlacementsController,
    RecruitingEventsController,
    GiftsController,
    PledgesController,
    AdvisoryBoardsController,
    CapstonesController,
    TrainingContractsController,
    LicensesController,
  ],
  providers: [LineEndpoints],
})
export class ContinuumLinesApiModule {}
