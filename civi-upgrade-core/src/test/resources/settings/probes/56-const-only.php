<?php
const CIVICRM_UF = 'Drupal';
const CIVICRM_DSN = 'mysql://const_u:s3cr3t@dbhost.example/constdb?new_link=true';
