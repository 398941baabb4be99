import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read side of the staff directory: the view over the projection's active generation. */
@Entity({ name: 'staff_directory', schema: 'read_models', synchronize: false })
export class StaffDirectoryEntry {
  @PrimaryColumn({ name: 'staff_id', type: 'text' })
  staffId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', array: true })
  teams!: string[];

  @Column({ name: 'manager_id', type: 'text', nullable: true })
  managerId!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'integer' })
  revision!: number;
}
